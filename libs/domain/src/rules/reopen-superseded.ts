import type { SuggestionStatus } from '../vocabulary.js';

/** What a rule needs of a suggestion the undone merge superseded. */
export interface SupersededPair {
  customerIds: string[];
  history: { status: SuggestionStatus }[];
}

/**
 * The status a suggestion superseded by a merge goes back to when that merge is undone (DOMAIN §5: the victim comes
 * back with what it brought, its pending matches too): the one it had before the merge — `open` or `blocked` — when
 * each of its customers is a restored victim or still active; `undefined` (it stays superseded) when the other
 * customer was merged away since, or when the suggestion was waiting for nobody before (a decision stands).
 */
export function reopenedStatus(
  suggestion: SupersededPair,
  restoredIds: ReadonlySet<string>,
  activeIds: ReadonlySet<string>,
): 'open' | 'blocked' | undefined {
  const everyoneBack = suggestion.customerIds.every((id) => restoredIds.has(id) || activeIds.has(id));
  if (!everyoneBack) return undefined;
  const lastSuperseded = suggestion.history.map((entry) => entry.status).lastIndexOf('superseded');
  const before = lastSuperseded > 0 ? suggestion.history[lastSuperseded - 1].status : 'open';
  return before === 'open' || before === 'blocked' ? before : undefined;
}
