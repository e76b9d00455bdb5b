import { describe, expect, it } from '@jest/globals';
import type { Evidence, EvidenceRule } from './evidence.js';
import { meetsSuggestionThreshold, suggestionScore } from './suggestion-score.js';

const item = (rule: EvidenceRule, score: number, value = 'x'): Evidence => ({ rule, values: [value, value], score });

describe('suggestionScore', () => {
  it.each<[string, Evidence[], number]>([
    ['no evidence', [], 0],
    ['same unique identifier', [item('same_unique_identifier', 0.95)], 0.95],
    ['identity matches contact', [item('identity_matches_contact', 0.9)], 0.9],
    ['same Gmail mailbox', [item('similar_email', 0.85)], 0.85],
    ['same contact phone', [item('same_contact_phone', 0.8)], 0.8],
    ['typo of one letter', [item('similar_email', 0.6)], 0.6],
    ['typo of two letters', [item('similar_email', 0.4)], 0.4],
    ['the strongest counts, not the first', [item('similar_email', 0.4), item('identity_matches_contact', 0.9)], 0.95],
    [
      'more of one rule adds nothing',
      [item('same_contact_phone', 0.8, 'p1'), item('same_contact_phone', 0.8, 'p2'), item('same_contact_phone', 0.8)],
      0.8,
    ],
    ['two typos are one rule', [item('similar_email', 0.6, 'a'), item('similar_email', 0.4, 'b')], 0.6],
    ['two rules', [item('same_contact_phone', 0.8), item('similar_email', 0.4)], 0.85],
    [
      'three rules',
      [item('same_contact_phone', 0.8), item('similar_email', 0.6), item('identity_matches_contact', 0.9)],
      1,
    ],
    [
      'never above 1',
      [
        item('same_unique_identifier', 0.95),
        item('identity_matches_contact', 0.9),
        item('same_contact_phone', 0.8),
        item('similar_email', 0.85),
      ],
      1,
    ],
  ])('%s → %d', (_case, evidence, score) => {
    expect(suggestionScore(evidence)).toBe(score);
  });
});

describe('meetsSuggestionThreshold', () => {
  it.each<[number, number, boolean]>([
    [0.6, 0.4, true],
    [0.4, 0.4, true],
    [0.3, 0.4, false],
    [0.85, 0.9, false],
    [0, 0, false],
    [0.05, 0, true],
  ])('score %d, threshold %d → %s', (score, suggestionThreshold, expected) => {
    expect(meetsSuggestionThreshold(score, { suggestionThreshold })).toBe(expected);
  });
});
