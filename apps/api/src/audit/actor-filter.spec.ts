import { describe, expect, it } from '@jest/globals';
import { ACTOR_FILTER, actorFilter } from './actor-filter.js';

describe('the ?actor= filter of the audit trail', () => {
  it.each([
    ['user', 'user'],
    ['system', 'system'],
    ['connector', 'connector'],
    ['user:65f0a1b2c3d4e5f6a7b8c9d0', 'user:65f0a1b2c3d4e5f6a7b8c9d0'],
    ['system:same-identifier', 'system:same-identifier'],
    ['connector:65f0a1b2c3d4e5f6a7b8c9d0', 'connector:65f0a1b2c3d4e5f6a7b8c9d0'],
    ['65F0A1B2C3D4E5F6A7B8C9D0', 'user:65f0a1b2c3d4e5f6a7b8c9d0'],
  ])('accepts %s as %s', (text, key) => {
    expect(ACTOR_FILTER.test(text)).toBe(true);
    expect(actorFilter(text)).toBe(key);
  });

  it.each(['robot', 'user:', 'user:has space', 'system :x', 'users', '65f0a1', ''])('refuses %j', (text) => {
    expect(ACTOR_FILTER.test(text)).toBe(false);
  });
});
