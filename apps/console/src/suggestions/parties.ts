import { customerLabel, type DirectorySnapshot } from './customerDirectory';
import type { Party } from './describe';
import type { SuggestionSummary } from './types';

/** Both customers of a suggestion, in the order of `customerIds`. */
export function partiesOf(suggestion: Pick<SuggestionSummary, 'customerIds'>, customers: DirectorySnapshot): Party[] {
  return suggestion.customerIds.map((id) => ({
    id,
    label: customerLabel(id, customers),
    profile: customers.profiles.get(id),
  }));
}

/** The customer kept by default: the one whose change found the match, else the first. */
export function defaultSurvivor(suggestion: Pick<SuggestionSummary, 'customerIds' | 'openedFrom'>): string {
  const { openedFrom, customerIds } = suggestion;
  return openedFrom && customerIds.includes(openedFrom) ? openedFrom : customerIds[0];
}

/** The customer kept (`survivorId`, else the first) and the one removed. */
export function keptAndRemoved(parties: readonly Party[], survivorId: string): [Party, Party] {
  const kept = parties.find((party) => party.id === survivorId) ?? parties[0];
  return [kept, parties.find((party) => party !== kept) ?? parties[1]];
}
