import { describe, expect, it } from '@jest/globals';
import { bulkMergeWaves, decideBulkPair, type BulkPairCustomer } from './bulk-merge.js';

const pair = (survivorId: string, victimId: string) => ({ survivorId, victimId });
const names = (waves: { survivorId: string; victimId: string }[][]) =>
  waves.map((wave) => wave.map(({ survivorId, victimId }) => `${survivorId}<${victimId}`));

describe('bulkMergeWaves', () => {
  it.each([
    ['nothing', [], []],
    ['disjoint pairs: one wave', [pair('a', 'b'), pair('c', 'd')], [['a<b', 'c<d']]],
    ['a chain: one wave per link', [pair('a', 'b'), pair('b', 'c')], [['a<b'], ['b<c']]],
    ['one survivor, several victims', [pair('a', 'b'), pair('a', 'c')], [['a<b'], ['a<c']]],
    ['a victim named twice', [pair('a', 'c'), pair('b', 'c')], [['a<c'], ['b<c']]],
    ['a pair and its reverse', [pair('a', 'b'), pair('b', 'a')], [['a<b'], ['b<a']]],
    [
      'order kept: a later disjoint pair does not jump a wave',
      [pair('a', 'b'), pair('c', 'd'), pair('b', 'e'), pair('f', 'g')],
      [
        ['a<b', 'c<d'],
        ['b<e', 'f<g'],
      ],
    ],
  ])('%s', (_case, pairs, waves) => {
    expect(names(bulkMergeWaves(pairs))).toEqual(waves);
  });
});

const missing: BulkPairCustomer = { found: false };
const active = (id: string): BulkPairCustomer => ({ found: true, id, mergedInto: null });
const tombstone = (id: string, mergedInto: string): BulkPairCustomer => ({ found: true, id, mergedInto });

describe('decideBulkPair', () => {
  it.each([
    ['both active: merge', active('a'), active('b'), { merge: true, survivorId: 'a', victimId: 'b' }],
    ['survivor missing', missing, active('b'), { merge: false, outcome: 'not_found', customerId: 'a' }],
    ['victim missing', active('a'), missing, { merge: false, outcome: 'not_found', customerId: 'b' }],
    [
      'survivor merged away: into the end of its chain',
      tombstone('a', 'z'),
      active('b'),
      { merge: true, survivorId: 'z', victimId: 'b' },
    ],
    [
      'victim already merged into the survivor (a rerun after a crash)',
      active('a'),
      tombstone('b', 'a'),
      { merge: false, outcome: 'already_merged', survivorId: 'a' },
    ],
    [
      'victim merged into where the survivor ended',
      tombstone('a', 'z'),
      tombstone('b', 'z'),
      { merge: false, outcome: 'already_merged', survivorId: 'z' },
    ],
    [
      'victim merged into someone else',
      active('a'),
      tombstone('b', 'y'),
      { merge: false, outcome: 'victim_merged', mergedInto: 'y' },
    ],
    [
      'survivor merged into the victim',
      tombstone('a', 'b'),
      active('b'),
      { merge: false, outcome: 'same_customer', survivorId: 'b' },
    ],
  ])('%s', (_case, survivor, victim, decision) => {
    expect(decideBulkPair(pair('a', 'b'), survivor, victim)).toEqual(decision);
  });
});
