import { BullModule } from '@nestjs/bullmq';
import { Global, Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { AppConfigService } from '@app/config';
import { ALL_QUEUES } from './queues.js';

const registered = BullModule.registerQueue(...ALL_QUEUES.map((name) => ({ name })));

/** BullMQ on REDIS_URL with every queue registered; producers inject queues with @InjectQueue(name). */
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
  exports: [registered],
})
export class QueueModule {}
