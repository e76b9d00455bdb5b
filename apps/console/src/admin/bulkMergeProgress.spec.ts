import { describe, expect, it } from '@jest/globals';
import { appendPage, durationText, outcomesText, pairsDone } from './bulkMergeProgress';
import type { BulkMergeSummary } from './types';

const progress = (done: number, total: number, outcomes: Record<string, number> = {}) => ({
  progress: { done, total, outcomes },
});

describe('pairsDone and outcomesText', () => {
  it.each([
    ['nothing run yet', progress(0, 1_000), '0 of 1,000 pairs', 'none yet'],
    [
      'outcomes most frequent first, words for underscores',
      progress(1_000, 1_000, { blocked: 2, merged: 997, not_found: 1 }),
      '1,000 of 1,000 pairs',
      'merged 997, blocked 2, not found 1',
    ],
    [
      'ties by name, zeros left out',
      progress(2, 5, { busy: 1, already_merged: 1, merged: 0 }),
      '2 of 5 pairs',
      'already merged 1, busy 1',
    ],
  ])('%s', (_case, bulk, done, outcomes) => {
    expect(pairsDone(bulk)).toBe(done);
    expect(outcomesText(bulk)).toBe(outcomes);
  });
});

describe('durationText', () => {
  it.each([
    [0, '0.0 s'],
    [1_340, '1.3 s'],
    [59_940, '59.9 s'],
    [125_000, '2 min 5 s'],
  ])('%i ms is %s', (ms, text) => {
    expect(durationText(ms)).toBe(text);
  });
});

describe('appendPage', () => {
  const bulk = (id: string) => ({ id }) as BulkMergeSummary;
  it('adds the next page after the shown ones, without one listed twice', () => {
    expect(appendPage([bulk('c'), bulk('b')], [bulk('b'), bulk('a')]).map((item) => item.id)).toEqual(['c', 'b', 'a']);
  });
});
