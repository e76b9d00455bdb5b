export { createRedis, FAIL_FAST_REDIS, FAIL_FAST_TIMEOUT_MS, REDIS, RedisModule } from './redis.module.js';
