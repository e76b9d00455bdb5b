import type { MergePicks } from '@app/domain';
import { ApiError, request } from '../api';
import type { AcceptedSuggestion, CustomerProfile, SuggestionPage, SuggestionStatus, SuggestionSummary } from './types';

const PAGE_LIMIT = 100;

export interface SuggestionQuery {
  status?: SuggestionStatus;
  /** ISO 8601: only suggestions changed at or after this time. */
  since?: string;
  cursor?: string;
}

export function listSuggestions(token: string, query: SuggestionQuery, signal?: AbortSignal): Promise<SuggestionPage> {
  const params = new URLSearchParams({ limit: String(PAGE_LIMIT) });
  if (query.status) params.set('status', query.status);
  if (query.since) params.set('since', query.since);
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
