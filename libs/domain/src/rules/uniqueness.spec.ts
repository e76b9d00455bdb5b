import { describe, expect, it } from '@jest/globals';
import type { EnforceUniqueBy } from '../identity-settings.js';
import {
  separatedPairsOf,
  uniquenessGroupPairs,
  uniquenessGroups,
  uniquenessMerge,
  uniqueValuesOf,
  type UniquenessHolder,
} from './uniqueness.js';

const day = (n: number) => new Date(Date.UTC(2026, 0, n));

function holder(id: string, created: number, values: { email?: string[]; phone?: string[]; ref?: string[] } = {}) {
  return {
    id,
    createdAt: day(created),
    contactData: [
      ...(values.email ?? []).map((value) => ({ type: 'email', value })),
      ...(values.phone ?? []).map((value) => ({ type: 'phone', value })),
    ],
    uniqueIdentifiers: (values.ref ?? []).map((value) => ({ type: 'referenceCode', value })),
  } satisfies UniquenessHolder;
}

const settings = (enforceUniqueBy: EnforceUniqueBy, extra: { threshold?: number; blocklist?: string[] } = {}) => ({
  enforceUniqueBy,
  sharedContactThreshold: extra.threshold ?? 5,
  blocklist: extra.blocklist ?? [],
});

describe('uniqueValuesOf', () => {
  const customer = holder('a', 1, { email: ['a@x.com'], phone: ['+15550100'], ref: ['R-1'] });
  it.each([
    ['off', []],
    ['email', ['a@x.com']],
    ['phone', ['+15550100']],
    ['referenceCode', ['R-1']],
  ] as const)('%s', (by, values) => {
    expect(uniqueValuesOf(customer, by)).toEqual(values);
  });
});

describe('uniquenessMerge', () => {
  const original = holder('a', 1, { email: ['ann@x.com'], phone: ['+15550100'], ref: ['R-1'] });
  const newer = holder('b', 2, { email: ['ann@x.com'], phone: ['+15550100'], ref: ['R-1'] });

  it.each([
    ['the setting off', settings('off'), newer, [original], undefined],
    ['the changed customer is the newer', settings('email'), newer, [original], ['a', ['b']]],
    ['the changed customer is the original', settings('email'), original, [newer], ['a', ['b']]],
    ['by phone', settings('phone'), newer, [original], ['a', ['b']]],
    ['by reference code', settings('referenceCode'), newer, [original], ['a', ['b']]],
    ['no other holder', settings('email'), newer, [], undefined],
    ['only itself found again', settings('email'), newer, [newer], undefined],
    ['an other holding another value', settings('email'), newer, [holder('c', 0, { email: ['c@x.com'] })], undefined],
    [
      'others holding a value of another attribute',
      settings('email'),
      holder('b', 2, { email: ['b@x.com'], phone: ['+15550100'] }),
      [original],
      undefined,
    ],
    ['a blocklisted value', settings('email', { blocklist: ['ann@x.com'] }), newer, [original], undefined],
    [
      'a shared value (more holders than the threshold)',
      settings('email', { threshold: 2 }),
      newer,
      [original, holder('c', 3, { email: ['ann@x.com'] })],
      undefined,
    ],
    [
      'as many holders as the threshold',
      settings('email', { threshold: 3 }),
      newer,
      [original, holder('c', 3, { email: ['ann@x.com'] })],
      ['a', ['b', 'c']],
    ],
    [
      'two values, each with another holder',
      settings('email'),
      holder('b', 2, { email: ['ann@x.com', 'work@x.com'] }),
      [original, holder('c', 0, { email: ['work@x.com'] })],
      ['c', ['a', 'b']],
    ],
    [
      'created at the same instant: the lower id survives',
      settings('email'),
      holder('b', 1, { email: ['ann@x.com'] }),
      [original],
      ['a', ['b']],
    ],
  ] as const)('%s', (_case, rule, changed, others, expected) => {
    const merge = uniquenessMerge(rule, changed, [...others]);
    if (expected === undefined) expect(merge).toBeUndefined();
    else expect(merge).toMatchObject({ survivorId: expected[0], victimIds: expected[1] });
  });
});

describe('uniquenessGroups', () => {
  it.each([
    ['the setting off', settings('off'), [holder('a', 1, { email: ['e'] }), holder('b', 2, { email: ['e'] })], []],
    [
      'no value held twice',
      settings('email'),
      [holder('a', 1, { email: ['e'] }), holder('b', 2, { email: ['f'] })],
      [],
    ],
    [
      'two groups, oldest original first',
      settings('email'),
      [
        holder('d', 4, { email: ['f'] }),
        holder('a', 2, { email: ['e'] }),
        holder('b', 1, { email: ['e'] }),
        holder('c', 3, { email: ['f'] }),
        holder('z', 0, { email: ['alone'] }),
      ],
      [
        { survivorId: 'b', victimIds: ['a'], values: ['e'] },
        { survivorId: 'c', victimIds: ['d'], values: ['f'] },
      ],
    ],
    [
      'a customer holding two shared values joins their groups',
      settings('email'),
      [holder('a', 2, { email: ['e'] }), holder('b', 3, { email: ['e', 'f'] }), holder('c', 1, { email: ['f'] })],
      [{ survivorId: 'c', victimIds: ['a', 'b'], values: ['e', 'f'] }],
    ],
    [
      'a shared value joins nobody',
      settings('phone', { threshold: 2 }),
      [holder('a', 1, { phone: ['p'] }), holder('b', 2, { phone: ['p'] }), holder('c', 3, { phone: ['p'] })],
      [],
    ],
    [
      'a blocklisted value joins nobody',
      settings('referenceCode', { blocklist: ['R-0'] }),
      [holder('a', 1, { ref: ['R-0'] }), holder('b', 2, { ref: ['R-0'] })],
      [],
    ],
    [
      'a value listed twice on one customer is not a duplicate',
      settings('email'),
      [holder('a', 1, { email: ['e', 'e'] })],
      [],
    ],
  ] as const)('%s', (_case, rule, holders, groups) => {
    expect(uniquenessGroups(rule, [...holders])).toEqual(groups);
  });
});

describe('uniquenessGroupPairs and separatedPairsOf', () => {
  const group = { survivorId: 'b', victimIds: ['c', 'a'] };

  it('pairs every two customers of the group once, in pair-key order', () => {
    expect(uniquenessGroupPairs(group)).toEqual(['b:c', 'a:b', 'a:c']);
  });

  it.each([
    ['no pair rejected', [], []],
    ['the survivor and a victim separated', ['a:b'], ['a:b']],
    ['two victims separated', ['a:c', 'x:y'], ['a:c']],
    ['a pair of other customers only', ['b:x'], []],
  ])('%s', (_case, rejected, separated) => {
    expect(separatedPairsOf(group, new Set(rejected))).toEqual(separated);
  });
});
