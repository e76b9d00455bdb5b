import type { CustomerFacts } from './customer-facts.js';

/**
 * Which of two customers survives unless the agent says otherwise: the one whose page the merge started from (the
 * agent is looking at it, DOMAIN §3), else the older one, as the original record others have referred to longest
 * (§6); equal creation times fall back to the id so the choice never depends on argument order.
 */
export function defaultSurvivor(
  a: CustomerFacts,
  b: CustomerFacts,
  openedFromId?: string,
): { survivor: CustomerFacts; victim: CustomerFacts } {
  if (openedFromId !== undefined) {
    if (openedFromId === a.id) return { survivor: a, victim: b };
    if (openedFromId === b.id) return { survivor: b, victim: a };
    throw new RangeError(`customer ${openedFromId} is neither of the pair`);
  }
  const byAge = a.createdAt.getTime() - b.createdAt.getTime();
  const aFirst = byAge < 0 || (byAge === 0 && a.id < b.id);
  return aFirst ? { survivor: a, victim: b } : { survivor: b, victim: a };
}
