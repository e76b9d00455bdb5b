import { describe, expect, it } from '@jest/globals';
import type { Evidence, EvidenceRule } from './evidence.js';
import { hasNewKindOfEvidence } from './new-kind-of-evidence.js';

const item = (rule: EvidenceRule, value = 'x'): Evidence => ({ rule, values: [value, value], score: 0.5 });

describe('hasNewKindOfEvidence', () => {
  it.each<[string, string[], Evidence[], EvidenceRule[]]>([
    ['nothing found now', ['same_contact_phone'], [], []],
    ['the same evidence again', ['same_contact_phone'], [item('same_contact_phone')], []],
    ['more of a known kind', ['similar_email'], [item('similar_email', 'a'), item('similar_email', 'b')], []],
    ['a new kind', ['similar_email'], [item('same_unique_identifier')], ['same_unique_identifier']],
    [
      'a new kind beside a known one',
      ['same_contact_phone'],
      [item('same_contact_phone'), item('identity_matches_contact'), item('identity_matches_contact', 'y')],
      ['identity_matches_contact'],
    ],
    [
      'two new kinds, in order found',
      ['similar_email'],
      [item('same_contact_card'), item('similar_email'), item('same_contact_email')],
      ['same_contact_card', 'same_contact_email'],
    ],
    ['nothing recorded before', [], [item('same_contact_phone')], ['same_contact_phone']],
  ])('%s', (_case, previous, evidence, newRules) => {
    expect(hasNewKindOfEvidence(previous, evidence)).toEqual({ reopen: newRules.length > 0, newRules });
  });
});
