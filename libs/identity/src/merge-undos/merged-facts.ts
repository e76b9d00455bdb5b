import type { CustomerFacts } from '@app/domain';
import type { Merge } from '@app/persistence';

/**
 * The survivor and the victims as a merge's journal recorded them before it ran. Dates come back as dates from
 * MongoDB, but as strings through JSON; both are accepted.
 */
export function mergedFacts(before: Merge['before']): { survivor: CustomerFacts; victims: CustomerFacts[] } {
  const [survivor, ...victims] = (before as unknown as CustomerFacts[]).map((facts) => ({
    ...facts,
    createdAt: new Date(facts.createdAt),
    lastActiveAt: facts.lastActiveAt ? new Date(facts.lastActiveAt) : undefined,
  }));
  return { survivor, victims };
}
