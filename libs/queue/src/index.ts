export { QueueModule } from './queue.module.js';
export { ALL_QUEUES, QUEUES, type QueueName } from './queues.js';
export { createRedis, REDIS, RedisModule } from './redis.module.js';
