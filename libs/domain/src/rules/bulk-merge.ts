/** What became of one pair of a bulk merge. */
export const BULK_PAIR_OUTCOMES = [
  'merged',
  'already_merged',
  'blocked',
  'not_found',
  'victim_merged',
  'same_customer',
  'busy',
] as const;
export type BulkPairOutcome = (typeof BULK_PAIR_OUTCOMES)[number];

export interface BulkPair {
  survivorId: string;
  victimId: string;
}

/**
 * Consecutive runs of pairs that share no customer, in the order given: the pairs of a wave may merge at once (no
 * two of them wait for the same customer lock), and a pair naming a customer of an earlier pair runs after it, so a
 * chain A←B, B←C finds B already merged into A.
 */
export function bulkMergeWaves<P extends BulkPair>(pairs: readonly P[]): P[][] {
  const waves: P[][] = [];
  let wave: P[] = [];
  let taken = new Set<string>();
  for (const pair of pairs) {
    if (taken.has(pair.survivorId) || taken.has(pair.victimId)) {
      waves.push(wave);
      wave = [];
      taken = new Set();
    }
    wave.push(pair);
    taken.add(pair.survivorId).add(pair.victimId);
  }
  if (wave.length > 0) waves.push(wave);
  return waves;
}

/** A customer of a pair as found now: missing, or its id and, when merged away, the customer its chain ends at. */
export type BulkPairCustomer = { found: false } | { found: true; id: string; mergedInto: string | null };

/** What to do with a pair once both customers are looked up. */
export type BulkPairDecision =
  | { merge: true; survivorId: string; victimId: string }
  | { merge: false; outcome: 'not_found'; customerId: string }
  | { merge: false; outcome: 'already_merged' | 'same_customer'; survivorId: string }
  | { merge: false; outcome: 'victim_merged'; mergedInto: string };

/**
 * A merged-away survivor stands for the customer its tombstones lead to (the pair B←C after A←B merges C into A); a
 * merged-away victim is not merged again: it is done when it already ended where the survivor did.
 */
export function decideBulkPair(pair: BulkPair, survivor: BulkPairCustomer, victim: BulkPairCustomer): BulkPairDecision {
  if (!survivor.found) return { merge: false, outcome: 'not_found', customerId: pair.survivorId };
  if (!victim.found) return { merge: false, outcome: 'not_found', customerId: pair.victimId };
  const survivorId = survivor.mergedInto ?? survivor.id;
  if (victim.mergedInto) {
    return victim.mergedInto === survivorId
      ? { merge: false, outcome: 'already_merged', survivorId }
      : { merge: false, outcome: 'victim_merged', mergedInto: victim.mergedInto };
  }
  if (victim.id === survivorId) return { merge: false, outcome: 'same_customer', survivorId };
  return { merge: true, survivorId, victimId: victim.id };
}
