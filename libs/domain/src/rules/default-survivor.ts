/** What decides which of two customers is kept when nobody names one. */
export interface SurvivorCandidate {
  id: string;
  createdAt: Date;
  /** Conversations filed on the customer now. */
  conversationCount: number;
}

/**
 * The customer kept when an agent accepts a suggestion without naming one (DOMAIN §3): the older, created first, as
 * the record the business knew and agents typed into; of two created at the same instant the one with more
 * conversations, so that less history moves; then the lower id, so the choice never depends on argument order. A
 * merge started from a customer's page names its survivor instead.
 */
export function defaultSurvivor<T extends SurvivorCandidate>(a: T, b: T): { survivor: T; victim: T } {
  const byAge = a.createdAt.getTime() - b.createdAt.getTime();
  const byHistory = b.conversationCount - a.conversationCount;
  const aFirst = byAge !== 0 ? byAge < 0 : byHistory !== 0 ? byHistory < 0 : a.id < b.id;
  return aFirst ? { survivor: a, victim: b } : { survivor: b, victim: a };
}
