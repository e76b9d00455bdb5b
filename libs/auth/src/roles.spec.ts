import { hasRole } from './roles.js';

describe('hasRole', () => {
  it.each([
    ['agent', 'agent', true],
    ['agent', 'supervisor', false],
    ['agent', 'admin', false],
    ['supervisor', 'agent', true],
    ['supervisor', 'supervisor', true],
    ['supervisor', 'admin', false],
    ['admin', 'agent', true],
    ['admin', 'supervisor', true],
    ['admin', 'admin', true],
  ] as const)('%s meets %s: %s', (actual, required, expected) => {
    expect(hasRole(actual, required)).toBe(expected);
  });
});
