import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { FAIL_FAST_REDIS } from '@app/redis';
import { MAILGUN_MAX_AGE_SECONDS } from '@app/channels';
import { QueueUnavailableError } from '@app/queue';

/**
 * Mailgun signs only `timestamp + token`, not the message: a captured signature could carry another body while the
 * timestamp is fresh, so each token is accepted once. A token is remembered for as long as its timestamp can be
 * fresh (±300 s). It is claimed before the message is queued (two concurrent replays cannot both pass) and released
 * when queueing fails, so Mailgun's retry of a 503 is not refused as a replay.
 */
@Injectable()
export class MailgunTokensService {
  // Fail-fast: the shared connection queues commands while Redis is away, and a claim that ran after we had
  // answered 503 would refuse the retry.
  constructor(@Inject(FAIL_FAST_REDIS) private readonly redis: Redis) {}

  /** True when the token was not used before; throws QueueUnavailableError when Redis cannot answer. */
  async claim(channelId: string, token: string): Promise<boolean> {
    try {
      const set = await this.redis.set(key(channelId, token), '1', 'EX', 2 * MAILGUN_MAX_AGE_SECONDS, 'NX');
      return set === 'OK';
    } catch (error) {
      throw new QueueUnavailableError(error);
    }
  }

  async release(channelId: string, token: string): Promise<void> {
    await this.redis.del(key(channelId, token)).catch(() => undefined);
  }
}

function key(channelId: string, token: string): string {
  return `mailgun-token:${channelId}:${token}`;
}
