import type { SurvivorPreference } from '../identity-settings.js';
import type { CustomerKind } from '../vocabulary.js';

/** What decides which of two customers is kept when nobody names one. */
export interface SurvivorCandidate {
  id: string;
  createdAt: Date;
  /** Conversations filed on the customer now. */
  conversationCount: number;
  /** Unknown only when the customer's record is missing: ranked as a contact. */
  kind?: CustomerKind;
}

/**
 * The customer kept when an agent accepts a suggestion without naming one (DOMAIN §3, §7), by the tenant's survivor
 * preference: with `member_then_older` a member over a contact (the business's own record of the person), then, as
 * with `older`, the older, created first, as the record the business knew and agents typed into; of two created at
 * the same instant the one with more conversations, so that less history moves; then the lower id, so the choice
 * never depends on argument order. A merge started from a customer's page names its survivor instead.
 */
export function defaultSurvivor<T extends SurvivorCandidate>(
  a: T,
  b: T,
  preference: SurvivorPreference,
): { survivor: T; victim: T } {
  const memberRank = (candidate: T): number => (candidate.kind === 'member' ? 0 : 1);
  const byKind = preference === 'member_then_older' ? memberRank(a) - memberRank(b) : 0;
  const byAge = a.createdAt.getTime() - b.createdAt.getTime();
  const byHistory = b.conversationCount - a.conversationCount;
  const order = byKind || byAge || byHistory;
  const aFirst = order !== 0 ? order < 0 : a.id < b.id;
  return aFirst ? { survivor: a, victim: b } : { survivor: b, victim: a };
}
