import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { AccountsModule } from '@app/auth';
import { IdentityModule, InboundIngestionModule } from '@app/identity';
import {
  ApiKeyRepositoryModule,
  ChannelRepositoryModule,
  CustomerRepositoryModule,
  DatabaseModule,
  IdentityRepositoryModule,
  MergeRepositoryModule,
  SuggestionRepositoryModule,
  TenantRepositoryModule,
  UserRepositoryModule,
} from '@app/persistence';
import { QueueModule } from '@app/queue';
import { DemoSeedService } from '../demo-seed.service.js';
import { DemoStoryService } from './demo-story.service.js';

/**
 * demo:seed: the database, and Redis for what the worker's services do besides storing (suggestion checks queued,
 * consoles told through the realtime emitter), so the story is filed exactly as the worker files deliveries.
 */
@Module({
  imports: [
    ConfigModule.forRoot({ ignoreEnvFile: true, isGlobal: true }),
    DatabaseModule,
    QueueModule,
    AccountsModule,
    InboundIngestionModule,
    IdentityModule,
    TenantRepositoryModule,
    ChannelRepositoryModule,
    ApiKeyRepositoryModule,
    UserRepositoryModule,
    CustomerRepositoryModule,
    IdentityRepositoryModule,
    SuggestionRepositoryModule,
    MergeRepositoryModule,
  ],
  providers: [DemoSeedService, DemoStoryService],
})
export class DemoModule {}
