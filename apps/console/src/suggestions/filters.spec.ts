import { describe, expect, it } from '@jest/globals';
import { filtersOf, filtersToParams, matchesFilters } from './filters';
import type { KnownSuggestion } from './types';

const suggestion = (score: number, ...rules: string[]): KnownSuggestion => ({
  id: 's',
  status: 'open',
  customerIds: ['a', 'b'],
  evidence: rules.map((rule) => ({ rule, values: ['v', 'v'], score })),
  score,
  blocks: [],
  createdAt: '2026-03-01T10:00:00.000Z',
  updatedAt: '2026-03-01T10:00:00.000Z',
});

describe('filtersOf', () => {
  it.each([
    ['nothing', '', { rules: [] }],
    [
      'rules and a minimum score',
      'rule=similar_email&rule=same_contact_phone&minScore=0.8',
      { rules: ['similar_email', 'same_contact_phone'], minScore: 0.8 },
    ],
    ['unknown rules and scores ignored', 'rule=same_name&rule=similar_email&minScore=7', { rules: ['similar_email'] }],
    ['a rule named twice once', 'rule=similar_email&rule=similar_email', { rules: ['similar_email'] }],
  ])('%s', (_case, query, filters) => {
    expect(filtersOf(new URLSearchParams(query))).toEqual(filters);
  });

  it('round-trips through the address', () => {
    const filters = { rules: ['similar_email' as const], minScore: 0.6 };
    expect(filtersOf(filtersToParams(filters))).toEqual(filters);
  });
});

describe('matchesFilters', () => {
  it.each([
    ['no filter', suggestion(0.4, 'similar_email'), { rules: [] }, true],
    ['below the minimum score', suggestion(0.4, 'similar_email'), { rules: [], minScore: 0.6 }, false],
    ['at the minimum score', suggestion(0.6, 'similar_email'), { rules: [], minScore: 0.6 }, true],
    [
      'evidence of one of the rules',
      suggestion(0.9, 'identity_matches_contact', 'same_contact_card'),
      { rules: ['same_contact_card' as const] },
      true,
    ],
    [
      'evidence of no rule asked for',
      suggestion(0.9, 'identity_matches_contact'),
      { rules: ['similar_email' as const] },
      false,
    ],
  ])('%s', (_case, item, filters, expected) => {
    expect(matchesFilters(item, filters)).toBe(expected);
  });
});
