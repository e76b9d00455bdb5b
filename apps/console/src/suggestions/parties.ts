import { customerLabel, type DirectorySnapshot } from './customerDirectory';
import type { Party } from './describe';
import type { KnownSuggestion, SuggestionSummary } from './types';

/** Both customers of a suggestion, in the order of `customerIds`. */
export function partiesOf(suggestion: Pick<SuggestionSummary, 'customerIds'>, customers: DirectorySnapshot): Party[] {
  return suggestion.customerIds.map((id) => ({
    id,
    label: customerLabel(id, customers),
    profile: customers.profiles.get(id),
  }));
}

/**
 * The customer kept by default, as the list names it (the api decides by the tenant's survivor preference, so the
 * console and an accept without a survivor agree); for a suggestion known only from an event until the list names
 * it, the one created first as far as the loaded profiles tell, else the first.
 */
export function defaultSurvivor(suggestion: KnownSuggestion, parties: readonly Party[]): string {
  if (suggestion.defaultSurvivorId && suggestion.customerIds.includes(suggestion.defaultSurvivorId)) {
    return suggestion.defaultSurvivorId;
  }
  const [a, b] = parties.map((party) => Date.parse(party.profile?.createdAt ?? ''));
  return b < a ? suggestion.customerIds[1] : suggestion.customerIds[0];
}

/** The customer kept (`survivorId`, else the first) and the one removed. */
export function keptAndRemoved(parties: readonly Party[], survivorId: string): [Party, Party] {
  const kept = parties.find((party) => party.id === survivorId) ?? parties[0];
  return [kept, parties.find((party) => party !== kept) ?? parties[1]];
}
