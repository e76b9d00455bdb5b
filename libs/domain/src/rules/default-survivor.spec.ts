import { describe, expect, it } from '@jest/globals';
import { customer } from '@app/testing/fixtures';
import { defaultSurvivor } from './default-survivor.js';

const born = (id: string, iso: string, kind: 'member' | 'contact' = 'contact') => ({
  ...customer(id),
  kind,
  createdAt: new Date(iso),
});
const older = born('b', '2023-01-01T00:00:00Z');
const newer = born('a', '2024-06-01T00:00:00Z', 'member');
const twinA = born('a', '2024-01-01T00:00:00Z');
const twinB = born('b', '2024-01-01T00:00:00Z');

describe('defaultSurvivor', () => {
  it.each([
    ['opened from the newer one', older, newer, 'a', 'a'],
    ['opened from the older one', newer, older, 'b', 'b'],
    ['no page: the older', newer, older, undefined, 'b'],
    ['no page: the older, either order', older, newer, undefined, 'b'],
    ['same age: the lower id', twinB, twinA, undefined, 'a'],
    ['same age: the lower id, either order', twinA, twinB, undefined, 'a'],
    ['same age, opened from the higher id', twinA, twinB, 'b', 'b'],
  ])('%s', (_case, a, b, openedFrom, survivorId) => {
    const { survivor, victim } = defaultSurvivor(a, b, openedFrom);
    expect(survivor.id).toBe(survivorId);
    expect(victim.id).toBe(survivorId === a.id ? b.id : a.id);
  });

  it('refuses a page that is neither of the pair', () => {
    expect(() => defaultSurvivor(older, newer, 'c')).toThrow(RangeError);
  });
});
