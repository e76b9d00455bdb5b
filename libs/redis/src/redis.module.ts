import { Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Redis } from 'ioredis';
import type { AppConfigService } from '@app/config';

export const REDIS = Symbol('REDIS');

/**
 * A connection that refuses commands while Redis is unreachable instead of buffering them, for the ingress: it must
 * answer 503 within `FAIL_FAST_TIMEOUT_MS` so the provider retries, and a write that ran after that answer (a
 * Mailgun token claim) would refuse the retry.
 */
export const FAIL_FAST_REDIS = Symbol('FAIL_FAST_REDIS');

export const FAIL_FAST_TIMEOUT_MS = 3_000;

/** Creates a Redis client for REDIS_URL. BullMQ needs `maxRetriesPerRequest: null` on its connections. */
export function createRedis(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: null });
}

function createFailFastRedis(url: string): Redis {
  const redis = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: FAIL_FAST_TIMEOUT_MS,
    commandTimeout: FAIL_FAST_TIMEOUT_MS,
    // The ingress sends one job per webhook request: concurrent requests' commands leave in one write per tick
    // instead of a write each (a CPU profile under load showed the api's busiest cost in those socket writes). Each
    // command still answers or fails on its own, so a failed add answers 503 for its own request only.
    enableAutoPipelining: true,
  });
  // Its users see each failure as a rejected command; the connection's own errors would only repeat them.
  redis.on('error', () => undefined);
  return redis;
}

/** One shared command connection per process (health, metrics, the realtime emitter), and one fail-fast one. */
@Module({
  providers: [
    {
      provide: REDIS,
      inject: [ConfigService],
      useFactory: (config: AppConfigService) => createRedis(config.get('REDIS_URL', { infer: true })),
    },
    {
      provide: FAIL_FAST_REDIS,
      inject: [ConfigService],
      useFactory: (config: AppConfigService) => createFailFastRedis(config.get('REDIS_URL', { infer: true })),
    },
  ],
  exports: [REDIS, FAIL_FAST_REDIS],
})
export class RedisModule implements OnApplicationShutdown {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(FAIL_FAST_REDIS) private readonly failFast: Redis,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    // QUIT cannot be sent while Redis is away (the fail-fast connection refuses commands offline); disconnecting
    // then stops the reconnecting that would keep the process alive.
    await Promise.all([this.redis, this.failFast].map((redis) => redis.quit().catch(() => redis.disconnect())));
  }
}
