import type { EvidenceRule, KnownSuggestion } from './types';

/** What the inbox is narrowed to, kept in the address (`?rule=a&rule=b&minScore=0.8`) so it can be shared. */
export interface SuggestionFilters {
  /** Evidence of any of these rules; none means every rule. */
  rules: EvidenceRule[];
  minScore?: number;
}

export const RULE_LABELS: Record<EvidenceRule, string> = {
  identity_matches_contact: 'Writes from contact data of the other',
  same_unique_identifier: 'Same unique identifier',
  same_contact_phone: 'Same phone',
  same_contact_email: 'Same email address',
  same_contact_card: 'Same card number',
  similar_email: 'Similar email addresses',
  unverified_same_address: 'Unverified sender of the other’s address',
};

export const MIN_SCORES = [0.4, 0.6, 0.8, 0.9] as const;

const isRule = (value: string): value is EvidenceRule => Object.hasOwn(RULE_LABELS, value);

/** The filters an address names; values it does not know are ignored. */
export function filtersOf(params: URLSearchParams): SuggestionFilters {
  const score = Number(params.get('minScore'));
  const minScore = params.has('minScore') && score >= 0 && score <= 1 ? score : undefined;
  return { rules: [...new Set(params.getAll('rule').filter(isRule))], ...(minScore !== undefined ? { minScore } : {}) };
}

/** The address's query for these filters. */
export function filtersToParams(filters: SuggestionFilters): URLSearchParams {
  const params = new URLSearchParams();
  for (const rule of filters.rules) params.append('rule', rule);
  if (filters.minScore !== undefined) params.set('minScore', String(filters.minScore));
  return params;
}

export function matchesFilters(suggestion: KnownSuggestion, filters: SuggestionFilters): boolean {
  if (filters.minScore !== undefined && suggestion.score < filters.minScore) return false;
  if (filters.rules.length === 0) return true;
  return suggestion.evidence.some((evidence) => (filters.rules as string[]).includes(evidence.rule));
}
