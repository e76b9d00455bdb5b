/** The failed sign-ins of one account since its last success. */
export interface FailedSignIns {
  failures: number;
  /** Epoch milliseconds of the latest. */
  lastFailureAt: number;
}

export interface LoginLockoutPolicy {
  /** Failures in a row that cost nothing. */
  freeFailures: number;
  /** From this many failures in a row, the account is locked. */
  lockAfter: number;
  /** The wait after the first failure beyond the free ones; it doubles with each further failure. */
  firstDelaySeconds: number;
  /** How long a lock lasts after the latest failure; failures are also forgotten after this much quiet. */
  lockSeconds: number;
}

export const LOGIN_LOCKOUT_POLICY: Readonly<LoginLockoutPolicy> = Object.freeze({
  freeFailures: 5,
  lockAfter: 10,
  firstDelaySeconds: 1,
  lockSeconds: 15 * 60,
});

export type LoginStanding =
  { allowed: true } | { allowed: false; code: 'login_throttled' | 'account_locked'; retryAfterSeconds: number };

/**
 * Whether a sign-in of the account may be tried now: a few failures are free, then each further one makes the next
 * attempt wait twice as long as the one before (1 s, 2 s, 4 s, …), and from `lockAfter` failures in a row the
 * account is locked for `lockSeconds` after the latest. Attempts that are refused here verify no password.
 */
export function loginStanding(
  record: FailedSignIns | undefined,
  now: number,
  policy: LoginLockoutPolicy = LOGIN_LOCKOUT_POLICY,
): LoginStanding {
  if (!record || record.failures < policy.freeFailures) return { allowed: true };
  const locked = record.failures >= policy.lockAfter;
  const waitSeconds = locked
    ? policy.lockSeconds
    : policy.firstDelaySeconds * 2 ** (record.failures - policy.freeFailures);
  const remainingMs = record.lastFailureAt + waitSeconds * 1000 - now;
  if (remainingMs <= 0) return { allowed: true };
  return {
    allowed: false,
    code: locked ? 'account_locked' : 'login_throttled',
    retryAfterSeconds: Math.ceil(remainingMs / 1000),
  };
}
