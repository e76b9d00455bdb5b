import { describe, expect, it } from '@jest/globals';
import type { CustomerFacts } from '@app/domain';
import { boundedCandidates, holderCounts, type KeyHit } from './suggestion-candidates.js';

const customer = (id: string, overrides: Partial<CustomerFacts> = {}): CustomerFacts => ({
  id,
  kind: 'contact',
  identities: [],
  contactData: [],
  uniqueIdentifiers: [],
  createdAt: new Date('2026-01-01T00:00:00Z'),
  ...overrides,
});

const hit = (customerId: string, ...matchKeys: string[]): KeyHit => ({ customerId, matchKeys });

describe('boundedCandidates', () => {
  it('each customer once, in the order of the keys', () => {
    const hits = [hit('b', 'v:+2', 'v:x'), hit('a', 'v:+1'), hit('b', 'v:+1')];
    expect(boundedCandidates(hits, ['v:+1', 'v:+2'], 5, 'exact')).toEqual(['a', 'b']);
  });

  it('keys the lookup did not ask for choose nobody', () => {
    expect(boundedCandidates([hit('a', 'v:+9')], ['v:+1'], 5, 'exact')).toEqual([]);
  });

  it('a crowded exact key gives as many holders as show it shared, and never hides another key', () => {
    const switchboard = Array.from({ length: 50 }, (_, n) => hit(`s${n}`, 'v:+switchboard'));
    const chosen = boundedCandidates([...switchboard, hit('own', 'v:+own')], ['v:+switchboard', 'v:+own'], 5, 'exact');
    expect(chosen).toHaveLength(6);
    expect(chosen).toContain('own');
  });

  it('a crowded fuzzy key is demoted: none of its holders, unless another key finds them', () => {
    const crowd = Array.from({ length: 8 }, (_, n) => hit(`c${n}`, 'n:common@x'));
    const chosen = boundedCandidates(
      [...crowd, hit('typo', 'n:common@x', 'n:rare@x')],
      ['n:common@x', 'n:rare@x'],
      5,
      'fuzzy',
    );
    expect(chosen).toEqual(['typo']);
  });

  it('a fuzzy key held by as many as the bound is kept', () => {
    const few = Array.from({ length: 5 }, (_, n) => hit(`c${n}`, 'n:key@x'));
    expect(boundedCandidates(few, ['n:key@x'], 5, 'fuzzy')).toHaveLength(5);
  });
});

describe('holderCounts', () => {
  it('counts each customer once per value', () => {
    const counts = holderCounts([
      customer('a', {
        identities: [{ id: 'i1', kind: 'sms', identifierType: 'phone', address: '+1', anonymous: false }],
        contactData: [{ type: 'phone', value: '+1', grantsAccess: false }],
      }),
      customer('b', { contactData: [{ type: 'phone', value: '+1', grantsAccess: true }] }),
      customer('c', { contactData: [{ type: 'phone', value: '+2', grantsAccess: false }] }),
    ]);
    expect(Object.fromEntries(counts)).toEqual({ '+1': 2, '+2': 1 });
  });
});
