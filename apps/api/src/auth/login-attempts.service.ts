import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { LOGIN_LOCKOUT_POLICY, type FailedSignIns } from '@app/auth';
import { REDIS } from '@app/redis';

/** Counts the attempt only if no other attempt was counted since `seen` was read (compare-and-set). */
const COUNT_IF_UNCHANGED = `
local current = redis.call('HGET', KEYS[1], 'failures') or '0'
if current ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'failures', tonumber(current) + 1, 'lastFailureAt', ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 1`;

/**
 * The failed sign-ins of each account, in Redis so that every api process sees them. An attempt is counted as a
 * failure before its password is verified and forgotten when it succeeds, so concurrent guesses cannot all slip in
 * under the limit. Accounts are keyed by a hash of the email: unknown emails are counted like known ones (the
 * answers must not tell them apart), and no address sits in Redis.
 */
@Injectable()
export class LoginAttemptsService {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  async failuresOf(email: string): Promise<FailedSignIns | undefined> {
    const [failures, lastFailureAt] = await this.redis.hmget(failuresKeyOf(email), 'failures', 'lastFailureAt');
    if (failures === null || lastFailureAt === null) return undefined;
    return { failures: Number(failures), lastFailureAt: Number(lastFailureAt) };
  }

  /** Counts this attempt as a failure until it succeeds; false when another attempt was counted since `seen`. */
  async count(email: string, seen: FailedSignIns | undefined, now: number): Promise<boolean> {
    const counted = await this.redis.eval(
      COUNT_IF_UNCHANGED,
      1,
      failuresKeyOf(email),
      String(seen?.failures ?? 0),
      String(now),
      String(LOGIN_LOCKOUT_POLICY.lockSeconds * 1000),
    );
    return counted === 1;
  }

  async succeeded(email: string): Promise<void> {
    await this.redis.del(failuresKeyOf(email));
  }
}

/** The Redis hash of one account's failures. */
export function failuresKeyOf(email: string): string {
  return `login-failures:${createHash('sha256').update(email.trim().toLowerCase()).digest('hex')}`;
}
