import { describe, expect, it } from '@jest/globals';
import type { CustomerFacts } from './customer-facts.js';
import { customer } from '@app/testing/fixtures';
import { mergeWarnings, type MergeWarning } from './merge-warnings.js';

const NOW = new Date('2024-06-30T12:00:00Z');
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 24 * 60 * 60 * 1000);
const active = (id: string, days?: number): CustomerFacts => ({
  ...customer(id),
  lastActiveAt: days === undefined ? undefined : daysAgo(days),
});
const warning = (first: CustomerFacts, second: CustomerFacts): MergeWarning => ({
  code: 'both_recently_active',
  customerIds: [first.id, second.id],
  lastActiveAt: [first.lastActiveAt!, second.lastActiveAt!],
});

describe('mergeWarnings', () => {
  const s2 = active('s', 2);
  const v5 = active('v', 5);
  it.each<[string, CustomerFacts, CustomerFacts[], MergeWarning[]]>([
    ['both active this week', s2, [v5], [warning(s2, v5)]],
    [
      'both active exactly 30 days ago',
      active('s', 30),
      [active('v', 30)],
      [warning(active('s', 30), active('v', 30))],
    ],
    ['victim active 31 days ago', s2, [active('v', 31)], []],
    ['survivor active 31 days ago', active('s', 31), [v5], []],
    ['neither recently', active('s', 90), [active('v', 60)], []],
    ['victim never active', s2, [active('v')], []],
    ['survivor never active', active('s'), [v5], []],
    ['activity stamped slightly in the future', active('s', -0.01), [v5], [warning(active('s', -0.01), v5)]],
    ['several victims, each checked', s2, [active('v1', 40), active('v2', 3)], [warning(s2, active('v2', 3))]],
    [
      'two living duplicates into a dormant survivor',
      active('s', 100),
      [active('v1', 1), active('v2', 3)],
      [warning(active('v1', 1), active('v2', 3))],
    ],
    [
      'compared with the most recent so far',
      s2,
      [active('v1', 1), active('v2', 3)],
      [warning(s2, active('v1', 1)), warning(active('v1', 1), active('v2', 3))],
    ],
  ])('%s', (_case, survivor, victims, expected) => {
    expect(mergeWarnings(survivor, victims, NOW)).toEqual(expected);
  });
});
