import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { ConfigService } from '@nestjs/config';
import { LoggerModule } from 'nestjs-pino';
import { AppConfigModule, type AppConfigService } from '@app/config';
import { CustomerRepositoryModule, DatabaseModule } from '@app/persistence';
import { QueueModule } from '@app/queue';
import { DeliveriesModule } from './deliveries/deliveries.module.js';
import { NameTokensBackfill } from './customers/name-tokens-backfill.js';
import { IdentityJobsModule } from './identity-jobs.module.js';
import { InboundModule } from './inbound/inbound.module.js';
import { MailModule, SmtpListenerModule } from './mail/mail.module.js';
import { ProcessorCheck } from './processor-check.js';
import { WebhooksModule } from './webhooks/webhooks.module.js';

@Module({
  imports: [
    AppConfigModule,
    LoggerModule.forRootAsync({
      inject: [ConfigService],
      useFactory: (config: AppConfigService) => ({ pinoHttp: { level: config.get('LOG_LEVEL', { infer: true }) } }),
    }),
    DatabaseModule,
    QueueModule,
    DiscoveryModule,
    InboundModule,
    MailModule,
    SmtpListenerModule,
    IdentityJobsModule,
    DeliveriesModule,
    WebhooksModule,
    CustomerRepositoryModule,
  ],
  providers: [ProcessorCheck, NameTokensBackfill],
})
export class WorkerModule {}
