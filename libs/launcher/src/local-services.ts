import { startMongo } from './mongo.js';
import { startRedis, type RedisOptions } from './redis.js';
import type { RunningService } from './running-service.js';

export interface LocalServices {
  mongo: RunningService;
  redis: RunningService;
  stop(): Promise<void>;
}

/** Starts (or adopts from MONGODB_URI / REDIS_URL) the database and Redis; both stop together. */
export async function startLocalServices(options: { redis?: RedisOptions } = {}): Promise<LocalServices> {
  const [mongo, redis] = await Promise.allSettled([startMongo(), startRedis(options.redis)]);
  if (mongo.status === 'rejected' || redis.status === 'rejected') {
    await Promise.all([mongo, redis].map((r) => (r.status === 'fulfilled' ? r.value.stop() : undefined)));
    throw mongo.status === 'rejected' ? mongo.reason : (redis as PromiseRejectedResult).reason;
  }
  return {
    mongo: mongo.value,
    redis: redis.value,
    stop: async () => {
      await Promise.all([mongo.value.stop(), redis.value.stop()]);
    },
  };
}
