import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { ConfigService } from '@nestjs/config';
import { LoggerModule } from 'nestjs-pino';
import { AppConfigModule, type AppConfigService } from '@app/config';
import { PersistenceModule } from '@app/persistence';
import { QueueModule, RedisModule } from '@app/queue';
import { InboundModule } from './inbound/inbound.module.js';
import { JobHandlerCheck } from './job-handler-check.js';
import { WorkerRealtimeModule } from './worker-realtime.module.js';

@Module({
  imports: [
    AppConfigModule,
    LoggerModule.forRootAsync({
      inject: [ConfigService],
      useFactory: (config: AppConfigService) => ({ pinoHttp: { level: config.get('LOG_LEVEL', { infer: true }) } }),
    }),
    PersistenceModule,
    RedisModule,
    QueueModule,
    WorkerRealtimeModule,
    DiscoveryModule,
    InboundModule,
  ],
  providers: [JobHandlerCheck],
})
export class WorkerModule {}
