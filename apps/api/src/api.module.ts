import { Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { AuthGuard, AuthModule } from '@app/auth';
import { AppConfigModule } from '@app/config';
import { createValidationPipe, ProblemDetailsFilter } from '@app/http';
import { DatabaseModule } from '@app/persistence';
import { AssetsModule } from './assets/assets.module.js';
import { AuditModule } from './audit/audit.module.js';
import { AuthApiModule } from './auth/auth.module.js';
import { ChannelsModule } from './channels/channels.module.js';
import { ConversationsModule } from './conversations/conversations.module.js';
import { CustomersModule } from './customers/customers.module.js';
import { DetachesModule } from './detaches/detaches.module.js';
import { HealthModule } from './health/health.module.js';
import { InboundModule } from './inbound/inbound.module.js';
import { IdentifyModule } from './identify/identify.module.js';
import { JobsModule } from './jobs/jobs.module.js';
import { LineageModule } from './lineage/lineage.module.js';
import { LoggingModule } from './logging/logging.module.js';
import { ingressProblem } from './inbound/ingress-problem.js';
import { identityProblem } from './merges/identity-problem.js';
import { MergesModule } from './merges/merges.module.js';
import { MetricsModule } from './metrics/metrics.module.js';
import { MovesModule } from './moves/moves.module.js';
import { OperationsModule } from './operations/operations.module.js';
import { RealtimeModule } from './realtime/realtime.module.js';
import { SettingsModule } from './settings/settings.module.js';
import { SuggestionsModule } from './suggestions/suggestions.module.js';
import { UniquenessModule } from './uniqueness/uniqueness.module.js';
import { UsersModule } from './users/users.module.js';
import { WebhooksModule } from './webhooks/webhooks.module.js';

@Module({
  imports: [
    AppConfigModule,
    LoggingModule,
    DatabaseModule,
    AuthModule,
    AuthApiModule,
    UsersModule,
    ChannelsModule,
    IdentifyModule,
    CustomersModule,
    LineageModule,
    AssetsModule,
    WebhooksModule,
    ConversationsModule,
    InboundModule,
    SuggestionsModule,
    MergesModule,
    DetachesModule,
    MovesModule,
    SettingsModule,
    UniquenessModule,
    AuditModule,
    OperationsModule,
    JobsModule,
    HealthModule,
    MetricsModule,
    RealtimeModule,
  ],
  providers: [
    { provide: APP_GUARD, useExisting: AuthGuard },
    {
      provide: APP_FILTER,
      useFactory: () => new ProblemDetailsFilter((error) => identityProblem(error) ?? ingressProblem(error)),
    },
    { provide: APP_PIPE, useFactory: createValidationPipe },
  ],
})
export class ApiModule {}
