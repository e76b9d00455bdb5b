import { loginStanding, LOGIN_LOCKOUT_POLICY, type LoginStanding } from './login-lockout.js';

const at = 1_000_000_000_000;
const seconds = (count: number) => count * 1000;
const refused = (code: 'login_throttled' | 'account_locked', retryAfterSeconds: number): LoginStanding => ({
  allowed: false,
  code,
  retryAfterSeconds,
});

describe('loginStanding', () => {
  it.each([
    ['no failures', undefined, 0, { allowed: true }],
    ['four failures, at once', { failures: 4, lastFailureAt: at }, 0, { allowed: true }],
    ['the fifth failure, at once', { failures: 5, lastFailureAt: at }, 0, refused('login_throttled', 1)],
    ['the fifth failure, a second later', { failures: 5, lastFailureAt: at }, seconds(1), { allowed: true }],
    [
      'the sixth failure waits two seconds',
      { failures: 6, lastFailureAt: at },
      seconds(1),
      refused('login_throttled', 1),
    ],
    ['the ninth failure waits sixteen', { failures: 9, lastFailureAt: at }, seconds(3), refused('login_throttled', 13)],
    ['the ninth failure after sixteen', { failures: 9, lastFailureAt: at }, seconds(16), { allowed: true }],
    ['the tenth failure locks', { failures: 10, lastFailureAt: at }, seconds(60), refused('account_locked', 840)],
    ['a lock ends after fifteen minutes', { failures: 10, lastFailureAt: at }, seconds(900), { allowed: true }],
    ['a part second rounds up', { failures: 5, lastFailureAt: at }, 1, refused('login_throttled', 1)],
  ] as const)('%s', (_name, record, elapsed, expected) => {
    expect(loginStanding(record, at + elapsed)).toEqual(expected);
  });

  it('follows the policy it is given', () => {
    const strict = { ...LOGIN_LOCKOUT_POLICY, freeFailures: 1, lockAfter: 2, lockSeconds: 30 };
    expect(loginStanding({ failures: 1, lastFailureAt: at }, at, strict)).toEqual(refused('login_throttled', 1));
    expect(loginStanding({ failures: 2, lastFailureAt: at }, at, strict)).toEqual(refused('account_locked', 30));
  });
});
