import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { AppConfigService } from '@app/config';
import { ALL_QUEUES } from './queues.js';

const registered = BullModule.registerQueue(...ALL_QUEUES.map((name) => ({ name })));

/**
 * BullMQ on REDIS_URL with every queue registered: imported by each app's root (the worker's processors and the
 * api's job admin read the queues) and by the producer modules. The inbound producer is the api's ingress alone (it
 * needs the fail-fast connection of RedisModule).
 */
@Module({
  imports: [
    BullModule.forRootAsync({
      inject: [ConfigService],
      useFactory: (config: AppConfigService) => ({
        connection: { url: config.get('REDIS_URL', { infer: true }), maxRetriesPerRequest: null },
      }),
    }),
    registered,
  ],
  exports: [registered],
})
export class QueueModule {}
