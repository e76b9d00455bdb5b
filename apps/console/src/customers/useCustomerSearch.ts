import { useEffect, useState } from 'react';
import { isUnauthorized, messageOf } from '../api';
import { useLatest } from '../useLatest';
import { searchCustomers } from './api';
import type { CustomerSummary } from './types';

export type SearchState =
  | { phase: 'loading'; items?: CustomerSummary[] }
  | { phase: 'ready'; items: CustomerSummary[]; query: string }
  | { phase: 'error'; message: string };

/** How long typing must pause before the api is asked. */
export const SEARCH_DEBOUNCE_MS = 250;

/**
 * Results for `query` as it is typed: asked once typing pauses, each new query cancelling the request of the one
 * before (a late answer to a stale query never shows). `attempt` asks again after a failure.
 */
export function useCustomerSearch(token: string, query: string, onUnauthorized: () => void, attempt = 0): SearchState {
  const [state, setState] = useState<SearchState>({ phase: 'loading' });
  const unauthorized = useLatest(onUnauthorized);

  useEffect(() => {
    const controller = new AbortController();
    setState((previous) => ({ phase: 'loading', items: 'items' in previous ? previous.items : undefined }));
    const timer = setTimeout(() => {
      searchCustomers(token, query, controller.signal).then(
        (page) => setState({ phase: 'ready', items: page.items, query }),
        (error: unknown) => {
          if (controller.signal.aborted) return;
          if (isUnauthorized(error)) unauthorized.current();
          setState({ phase: 'error', message: messageOf(error, 'The search failed. Please try again.') });
        },
      );
    }, SEARCH_DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [token, query, attempt, unauthorized]);

  return state;
}
