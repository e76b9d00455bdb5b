import { describe, expect, it } from '@jest/globals';
import { pairKey } from './pair-key.js';

describe('pairKey', () => {
  it.each([
    ['65f0a1', '65f0b2', '65f0a1:65f0b2'],
    ['65f0b2', '65f0a1', '65f0a1:65f0b2'],
    ['a', 'B', 'B:a'],
    ['10', '9', '10:9'],
  ])('(%s, %s) → %s', (a, b, key) => {
    expect(pairKey(a, b)).toBe(key);
    expect(pairKey(b, a)).toBe(key);
  });

  it('refuses a pair of one customer', () => {
    expect(() => pairKey('65f0a1', '65f0a1')).toThrow(RangeError);
  });
});
