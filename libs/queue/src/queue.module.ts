import { BullModule } from '@nestjs/bullmq';
import { Global, Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { AppConfigService } from '@app/config';
import { MergesProducer } from './merges.producer.js';
import { ALL_QUEUES } from './queues.js';
import { SuggestionsProducer } from './suggestions.producer.js';

const registered = BullModule.registerQueue(...ALL_QUEUES.map((name) => ({ name })));

/** One of each per process (the merges producer holds a QueueEvents connection of its own). */
const producers = [SuggestionsProducer, MergesProducer];

/**
 * BullMQ on REDIS_URL with every queue registered, and the producers of the suggestions and merges queues. The
 * inbound producer is the api's ingress alone (it needs the fail-fast connection of RedisModule).
 */
@Global()
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
  providers: producers,
  exports: [registered, ...producers],
})
export class QueueModule {}
