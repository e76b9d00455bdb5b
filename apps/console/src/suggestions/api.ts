import type { MergePicks } from '@app/domain';
import { ApiError, request } from '../api';
import type { SuggestionFilters } from './filters';
import type { AcceptedSuggestion, CustomerProfile, SuggestionPage, SuggestionStatus, SuggestionSummary } from './types';

/** Suggestions an inbox page shows; each card loads both profiles, so thousands are not drawn at once. */
export const INBOX_PAGE_SIZE = 25;
/** A catch-up reads what changed in pages as large as the api allows. */
const CATCH_UP_PAGE_SIZE = 100;
/** What an agent can act on. */
const WAITING: readonly SuggestionStatus[] = ['open', 'blocked'];

export type SuggestionQuery =
  | (Partial<SuggestionFilters> & { cursor?: string; limit?: number; since?: undefined })
  /** ISO 8601: every suggestion changed at or after this time, whatever its status, oldest change first. */
  | { since: string; cursor?: string };

/** The waiting suggestions the filters hold, best match first; or, with `since`, every change since then. */
export function listSuggestions(token: string, query: SuggestionQuery, signal?: AbortSignal): Promise<SuggestionPage> {
  const params = new URLSearchParams();
  if (query.since !== undefined) {
    params.set('limit', String(CATCH_UP_PAGE_SIZE));
    params.set('since', query.since);
  } else {
    params.set('limit', String(query.limit ?? INBOX_PAGE_SIZE));
    params.set('status', WAITING.join(','));
    for (const rule of query.rules ?? []) params.append('rule', rule);
    if (query.minScore !== undefined) params.set('minScore', String(query.minScore));
  }
  if (query.cursor) params.set('cursor', query.cursor);
  return request<SuggestionPage>(`/api/v1/suggestions?${params.toString()}`, { token, signal });
}

/** Merges the pair keeping `picks` (the worker may still be moving things when this answers). */
export function acceptSuggestion(
  token: string,
  id: string,
  survivorId: string,
  picks: MergePicks,
): Promise<AcceptedSuggestion> {
  return request<AcceptedSuggestion>(`/api/v1/suggestions/${encodeURIComponent(id)}/accept`, {
    method: 'POST',
    token,
    body: { survivorId, picks },
  });
}

export function rejectSuggestion(token: string, id: string, reason?: string): Promise<SuggestionSummary> {
  return request<SuggestionSummary>(`/api/v1/suggestions/${encodeURIComponent(id)}/reject`, {
    method: 'POST',
    token,
    body: reason ? { reason } : {},
  });
}

/** A merged-away id redirects (308) to its survivor: the answer then names another customer. */
export function fetchCustomer(token: string, id: string, signal?: AbortSignal): Promise<CustomerProfile> {
  return request<CustomerProfile>(`/api/v1/customers/${encodeURIComponent(id)}`, { token, signal });
}

/** The current suggestion a 409 `suggestion_decided` answer carries: someone decided it first. */
export function decidedSuggestion(error: unknown): SuggestionSummary | undefined {
  if (!(error instanceof ApiError) || error.code !== 'suggestion_decided') return undefined;
  const { suggestion } = error.extensions;
  return typeof suggestion === 'object' && suggestion !== null ? (suggestion as SuggestionSummary) : undefined;
}
