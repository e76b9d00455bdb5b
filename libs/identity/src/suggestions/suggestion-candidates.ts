import { claimedAddresses, identityAddresses, type CustomerFacts } from '@app/domain';

/** A document a match-key lookup found: the customer it belongs to, and the keys it holds. */
export interface KeyHit {
  customerId: string;
  matchKeys: readonly string[];
}

/**
 * The customers to compare, from what a lookup of `wanted` keys found, bounded per key: an exact key gives at most
 * `perKey` holders (enough to see that a value is shared: the shared-contact check then discards it), a fuzzy key
 * held by more than `perKey` customers is too common to say anything and gives none. Each customer once, in the
 * order its first key was met.
 */
export function boundedCandidates(
  hits: readonly KeyHit[],
  wanted: readonly string[],
  perKey: number,
  kind: 'exact' | 'fuzzy',
): string[] {
  const wantedKeys = new Set(wanted);
  const holders = new Map<string, Set<string>>();
  for (const hit of hits) {
    for (const key of hit.matchKeys) {
      if (!wantedKeys.has(key)) continue;
      const held = holders.get(key) ?? new Set<string>();
      held.add(hit.customerId);
      holders.set(key, held);
    }
  }
  const chosen = new Set<string>();
  for (const key of wanted) {
    const held = [...(holders.get(key) ?? [])];
    if (kind === 'fuzzy' && held.length > perKey) continue;
    for (const customerId of held.slice(0, perKey)) chosen.add(customerId);
  }
  return [...chosen];
}

/** How many of the customers hold each value (identity addresses and contact data), for shared-contact checks. */
export function holderCounts(customers: Iterable<CustomerFacts>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const customer of customers) {
    for (const value of heldValues(customer)) counts.set(value, (counts.get(value) ?? 0) + 1);
  }
  return counts;
}

/** Identity addresses (those unverified identities claim too) and contact data, each value once. */
function heldValues(customer: CustomerFacts): Set<string> {
  return new Set(
    [...identityAddresses(customer), ...claimedAddresses(customer), ...customer.contactData].map(({ value }) => value),
  );
}
