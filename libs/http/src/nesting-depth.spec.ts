import { nestsDeeperThan } from './nesting-depth.js';

const nested = (depth: number): unknown => JSON.parse('['.repeat(depth) + ']'.repeat(depth));

describe('nestsDeeperThan', () => {
  it.each([
    ['a string', 'text', 0, false],
    ['null', null, 0, false],
    ['an empty object', {}, 1, false],
    ['an empty object, limit 0', {}, 0, true],
    ['an object in an array', [{ a: 1 }], 2, false],
    ['an object in an array, limit 1', [{ a: 1 }], 1, true],
    ['32 levels at 32', nested(32), 32, false],
    ['33 levels at 32', nested(33), 32, true],
    ['100,000 levels', nested(100_000), 32, true],
    ['a deep branch beside shallow ones', { a: 1, b: [2, 3], c: { d: { e: { f: {} } } } }, 4, true],
    ['a class instance, not request data', new (class Socket {})(), 0, false],
    [
      'an object referring to itself',
      (() => {
        const loop: Record<string, unknown> = {};
        loop.self = loop;
        return loop;
      })(),
      32,
      true,
    ],
  ])('%s', (_case, value, limit, expected) => {
    expect(nestsDeeperThan(value, limit)).toBe(expected);
  });
});
