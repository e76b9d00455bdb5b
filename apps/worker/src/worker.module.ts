import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { LoggerModule } from 'nestjs-pino';
import { AppConfigModule, type AppConfigService } from '@app/config';
import { PersistenceModule } from '@app/persistence';
import { QueueModule, RedisModule } from '@app/queue';
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
  ],
})
export class WorkerModule {}
