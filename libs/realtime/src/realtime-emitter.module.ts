import { Module } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { REDIS, RedisModule } from '@app/redis';
import { RealtimeEmitter } from './realtime-emitter.js';

/**
 * Any process reaches the consoles through the Redis emitter: the worker has no socket server, and an api instance
 * reaches the sockets of its siblings the same way.
 */
@Module({
  imports: [RedisModule],
  providers: [{ provide: RealtimeEmitter, inject: [REDIS], useFactory: (redis: Redis) => new RealtimeEmitter(redis) }],
  exports: [RealtimeEmitter],
})
export class RealtimeEmitterModule {}
