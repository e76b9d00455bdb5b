import { describe, expect, it } from '@jest/globals';
import type { SuggestionStatus } from '../vocabulary.js';
import { reopenedStatus } from './reopen-superseded.js';

const victim = 'v1';
const third = 't1';
const restored = new Set([victim]);
const suggestion = (statuses: SuggestionStatus[]) => ({
  customerIds: [third, victim],
  history: statuses.map((status) => ({ status })),
});

describe('reopenedStatus', () => {
  it.each<[string, SuggestionStatus[], string[], 'open' | 'blocked' | undefined]>([
    ['open before the merge, third customer active', ['open', 'superseded'], [third], 'open'],
    ['blocked before the merge', ['open', 'blocked', 'superseded'], [third], 'blocked'],
    ['the third customer merged away since', ['open', 'superseded'], [], undefined],
    ['no history before the supersede: open', ['superseded'], [third], 'open'],
    ['superseded twice, open before the last', ['open', 'superseded', 'open', 'superseded'], [third], 'open'],
    ['rejected before (a decision stands)', ['rejected', 'superseded'], [third], undefined],
  ])('%s → %s', (_case, statuses, active, expected) => {
    expect(reopenedStatus(suggestion(statuses), restored, new Set(active))).toBe(expected);
  });
});
