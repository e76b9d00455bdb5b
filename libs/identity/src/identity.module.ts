import { Module } from '@nestjs/common';
import {
  AuditRepositoryModule,
  ConversationRepositoryModule,
  CustomerOwnershipModule,
  CustomerRepositoryModule,
  IdentityRepositoryModule,
  MergeRepositoryModule,
  SuggestionRepositoryModule,
  TenantRepositoryModule,
} from '@app/persistence';
import { MergesProducerModule, SuggestionsProducerModule } from '@app/queue';
import { RealtimeEmitterModule } from '@app/realtime';
import { CustomerFactsService } from './customer-facts.service.js';
import { IdentityResolverService } from './inbound/identity-resolver.service.js';
import { MergeExecutorService } from './merges/merge-executor.service.js';
import { MergePlannerService } from './merges/merge-planner.service.js';
import { MergeStarterService } from './merges/merge-starter.service.js';
import { SuggestionBackfillService } from './suggestions/suggestion-backfill.service.js';
import { SuggestionDecisionsService } from './suggestions/suggestion-decisions.service.js';
import { SuggestionFinderService } from './suggestions/suggestion-finder.service.js';

const services = [
  CustomerFactsService,
  IdentityResolverService,
  SuggestionFinderService,
  SuggestionBackfillService,
  SuggestionDecisionsService,
  MergePlannerService,
  MergeStarterService,
  MergeExecutorService,
];

/** The services that apply the identity rules to stored customers. */
@Module({
  imports: [
    AuditRepositoryModule,
    TenantRepositoryModule,
    CustomerRepositoryModule,
    IdentityRepositoryModule,
    ConversationRepositoryModule,
    CustomerOwnershipModule,
    SuggestionRepositoryModule,
    MergeRepositoryModule,
    SuggestionsProducerModule,
    MergesProducerModule,
    RealtimeEmitterModule,
  ],
  providers: services,
  exports: services,
})
export class IdentityModule {}
