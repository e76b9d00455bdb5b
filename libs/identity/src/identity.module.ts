import { Module } from '@nestjs/common';
import {
  AuditRepositoryModule,
  ConversationRepositoryModule,
  CustomerAssetRepositoryModule,
  CustomerOwnershipModule,
  CustomerRepositoryModule,
  DetachRepositoryModule,
  IdentityRepositoryModule,
  MergeRepositoryModule,
  MergeUndoRepositoryModule,
  MoveRepositoryModule,
  SuggestionRepositoryModule,
  TenantRepositoryModule,
} from '@app/persistence';
import {
  DetachesProducerModule,
  JournalJobsProducerModule,
  MergesProducerModule,
  MergeUndosProducerModule,
  MovesProducerModule,
  SuggestionsProducerModule,
} from '@app/queue';
import { RealtimeEmitterModule } from '@app/realtime';
import { CustomerFactsService } from './customer-facts.service.js';
import { CustomerLocksService } from './customer-locks.service.js';
import { DetachExecutorService } from './detaches/detach-executor.service.js';
import { DetachStarterService } from './detaches/detach-starter.service.js';
import { IdentityResolverService } from './inbound/identity-resolver.service.js';
import { MergeExecutorService } from './merges/merge-executor.service.js';
import { MergePlannerService } from './merges/merge-planner.service.js';
import { MergeStarterService } from './merges/merge-starter.service.js';
import { MergeUndoExecutorService } from './merge-undos/merge-undo-executor.service.js';
import { MergeUndoStarterService } from './merge-undos/merge-undo-starter.service.js';
import { MoveExecutorService } from './moves/move-executor.service.js';
import { MoveStarterService } from './moves/move-starter.service.js';
import { OperationsService } from './operations/operations.service.js';
import { SuggestionBackfillService } from './suggestions/suggestion-backfill.service.js';
import { SuggestionDecisionsService } from './suggestions/suggestion-decisions.service.js';
import { SuggestionPartiesService } from './suggestions/suggestion-parties.service.js';
import { SuggestionFinderService } from './suggestions/suggestion-finder.service.js';
import { UniquenessEnforcerService } from './uniqueness/uniqueness-enforcer.service.js';

const services = [
  CustomerFactsService,
  IdentityResolverService,
  SuggestionFinderService,
  SuggestionBackfillService,
  SuggestionDecisionsService,
  SuggestionPartiesService,
  MergePlannerService,
  MergeStarterService,
  MergeExecutorService,
  CustomerLocksService,
  DetachStarterService,
  DetachExecutorService,
  MergeUndoStarterService,
  MergeUndoExecutorService,
  MoveStarterService,
  MoveExecutorService,
  OperationsService,
  UniquenessEnforcerService,
];

/** The services that apply the identity rules to stored customers. */
@Module({
  imports: [
    AuditRepositoryModule,
    TenantRepositoryModule,
    CustomerRepositoryModule,
    IdentityRepositoryModule,
    ConversationRepositoryModule,
    CustomerAssetRepositoryModule,
    CustomerOwnershipModule,
    SuggestionRepositoryModule,
    MergeRepositoryModule,
    MergeUndoRepositoryModule,
    DetachRepositoryModule,
    MoveRepositoryModule,
    SuggestionsProducerModule,
    MergesProducerModule,
    DetachesProducerModule,
    JournalJobsProducerModule,
    MergeUndosProducerModule,
    MovesProducerModule,
    RealtimeEmitterModule,
  ],
  providers: services,
  exports: services,
})
export class IdentityModule {}
