import { describe, expect, it } from '@jest/globals';
import { isBlocklisted, isSharedValue } from './shared-value.js';

describe('isSharedValue', () => {
  const settings = { sharedContactThreshold: 3, blocklist: ['+12025550100'] };

  it.each([
    ['held by one customer', '+12025550101', 1, false],
    ['held by as many as the threshold', '+12025550101', 3, false],
    ['held by more than the threshold', '+12025550101', 4, true],
    ['blocklisted, held by one', '+12025550100', 1, true],
    ['blocklisted, held by none yet', '+12025550100', 0, true],
  ])('%s', (_case, value, holders, shared) => {
    expect(isSharedValue(value, holders, settings)).toBe(shared);
  });
});

describe('isBlocklisted', () => {
  const settings = { blocklist: ['+12025550100', 'noreply@example.com'] };

  it.each([
    ['a listed phone', '+12025550100', true],
    ['a listed email', 'noreply@example.com', true],
    ['an unlisted value', '+12025550101', false],
  ])('%s', (_case, value, listed) => {
    expect(isBlocklisted(value, settings)).toBe(listed);
  });
});
