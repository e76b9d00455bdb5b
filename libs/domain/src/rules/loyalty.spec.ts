import { describe, expect, it } from '@jest/globals';
import {
  loyaltyAfterUndo,
  loyaltyAfterUndoOfAll,
  mergeLoyalties,
  mergeLoyalty,
  NO_LOYALTY,
  type Loyalty,
} from './loyalty.js';

const standing = (points: number, tier: string | null, tierRank: number, tierProgress: number): Loyalty => ({
  points,
  tier,
  tierRank,
  tierProgress,
});
const silver = (points: number, progress: number) => standing(points, 'silver', 2, progress);
const gold = (points: number, progress: number) => standing(points, 'gold', 3, progress);
const silverAgain = (points: number, progress: number) => standing(points, 'argent', 2, progress);

describe('mergeLoyalty', () => {
  it.each([
    ['both members: sums, higher tier from the victim', silver(100, 40), gold(50, 10), gold(150, 50)],
    ['both members: sums, higher tier from the survivor', gold(100, 40), silver(50, 10), gold(150, 50)],
    ['equal ranks: the survivor names the tier', silver(1, 2), silverAgain(3, 4), silver(4, 6)],
    ['victim not a member', silver(100, 40), NO_LOYALTY, silver(100, 40)],
    ['survivor not a member: takes the victim standing', NO_LOYALTY, gold(7, 3), gold(7, 3)],
    ['neither a member', NO_LOYALTY, NO_LOYALTY, NO_LOYALTY],
  ])('%s', (_case, survivor, victim, expected) => {
    expect(mergeLoyalty(survivor, victim)).toEqual(expected);
  });
});

describe('loyaltyAfterUndo', () => {
  it.each([
    ['nothing since: the survivor as before', silver(100, 40), gold(50, 10), gold(150, 50), silver(100, 40)],
    ['points earned since stay', silver(100, 40), gold(50, 10), gold(180, 55), silver(130, 45)],
    ['points spent since: never below zero', silver(100, 40), gold(50, 10), gold(20, 5), silver(0, 0)],
    [
      'tier changed by the program since: kept',
      silver(100, 40),
      gold(50, 10),
      standing(150, 'platinum', 4, 0),
      standing(100, 'platinum', 4, 0),
    ],
    ['victim brought nothing', silver(100, 40), NO_LOYALTY, silver(120, 41), silver(120, 41)],
    ['survivor had nothing', NO_LOYALTY, gold(7, 3), gold(9, 3), standing(2, null, 0, 0)],
  ])('%s', (_case, survivorBefore, victimBefore, survivorNow, expected) => {
    expect(loyaltyAfterUndo(survivorNow, survivorBefore, victimBefore)).toEqual(expected);
  });
});

describe('mergeLoyalties', () => {
  it.each([
    [
      'three victims: all summed, the highest tier',
      silver(100, 40),
      [gold(50, 10), NO_LOYALTY, silver(5, 1)],
      gold(155, 51),
    ],
    ['equal tiers among victims: the first names it', NO_LOYALTY, [silver(1, 1), silverAgain(2, 2)], silver(3, 3)],
    ['no victims: the survivor', gold(9, 9), [], gold(9, 9)],
  ])('%s', (_case, survivor, victims, expected) => {
    expect(mergeLoyalties(survivor, victims)).toEqual(expected);
  });
});

describe('loyaltyAfterUndoOfAll', () => {
  it.each([
    [
      'nothing since: the survivor as before',
      silver(100, 40),
      [gold(50, 10), silver(5, 1)],
      gold(155, 51),
      silver(100, 40),
    ],
    ['points earned since stay', silver(100, 40), [gold(50, 10), silver(5, 1)], gold(185, 56), silver(130, 45)],
    [
      'tier changed since: kept',
      silver(100, 40),
      [gold(50, 10)],
      standing(150, 'platinum', 4, 50),
      standing(100, 'platinum', 4, 40),
    ],
    ['one victim: as loyaltyAfterUndo', NO_LOYALTY, [gold(7, 3)], gold(9, 3), standing(2, null, 0, 0)],
  ])('%s', (_case, survivorBefore, victimsBefore, survivorNow, expected) => {
    expect(loyaltyAfterUndoOfAll(survivorNow, survivorBefore, victimsBefore)).toEqual(expected);
  });
});
