import { request } from '../api';
import type { ChannelKind } from './types';

/** `GET /api/v1/customers/:id/lineage`: the profiles merged into a customer and detached from it (agent+). */
export interface CustomerLineage {
  customerId: string;
  channels: { id: string; kind: ChannelKind; name: string }[];
  entries: LineageEntry[];
}

export type LineageRelation = 'merged_in' | 'detached' | 'detached_from';

export interface LineageEntry {
  relation: LineageRelation;
  operationId: string;
  profile: { id: string; name: string | null; mergedInto: string | null };
  identities: { id: string; kind: ChannelKind; displayAddress: string | null; anonymous: boolean }[];
  at: string;
  actor: { id: string; name: string | null };
  reason: string | null;
  undoneAt: string | null;
}

export function fetchLineage(token: string, customerId: string, signal?: AbortSignal): Promise<CustomerLineage> {
  return request<CustomerLineage>(`/api/v1/customers/${encodeURIComponent(customerId)}/lineage`, { token, signal });
}

/** What happened between the profile and this customer, in words. */
export function relationInWords(entry: Pick<LineageEntry, 'relation' | 'undoneAt'>): string {
  const words = {
    merged_in: 'Merged into this customer',
    detached: 'Split off this customer',
    detached_from: 'This customer was split off it',
  }[entry.relation];
  return entry.undoneAt ? `${words} (undone)` : words;
}
