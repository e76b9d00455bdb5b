import { Global, Module } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { REDIS } from '@app/queue';
import { RealtimeEmitter } from '@app/realtime';

/** The worker has no socket server: it reaches consoles through the Redis emitter. */
@Global()
@Module({
  providers: [{ provide: RealtimeEmitter, inject: [REDIS], useFactory: (redis: Redis) => new RealtimeEmitter(redis) }],
  exports: [RealtimeEmitter],
})
export class WorkerRealtimeModule {}
