export { CustomerFactsService, toCustomerFacts } from './customer-facts.service.js';
export { CustomerLocksService, type LockHolders } from './customer-locks.service.js';
export { DetachRefusedError } from './detaches/detach-errors.js';
export { DetachExecutorService } from './detaches/detach-executor.service.js';
export { DetachStarterService, type DetachRequest } from './detaches/detach-starter.service.js';
export { IdentityModule } from './identity.module.js';
export { EmailIngressService, type EmailDelivery, type EmailEnvelope } from './inbound/email-ingress.service.js';
export { IdentityResolverService } from './inbound/identity-resolver.service.js';
export { InboundIngestionModule } from './inbound/inbound-ingestion.module.js';
export { InboundIngestionService, type IngestOutcome } from './inbound/inbound-ingestion.service.js';
export { JOURNAL_STEP_CHANNEL, type JournalStepRecorded } from './journal-steps.js';
export { mergeBlocked, MergeRefusedError } from './merges/merge-errors.js';
export { MergeExecutorService } from './merges/merge-executor.service.js';
export { MergePlannerService, type MergePlan } from './merges/merge-planner.service.js';
export { MergeStarterService, type MergeActorKind, type MergeRequest } from './merges/merge-starter.service.js';
export { UndoRefusedError, type UndoObstacle } from './merge-undos/merge-undo-errors.js';
export { MergeUndoExecutorService } from './merge-undos/merge-undo-executor.service.js';
export { MergeUndoStarterService } from './merge-undos/merge-undo-starter.service.js';
export { MoveRefusedError, type MoveUndoObstacle } from './moves/move-errors.js';
export { MoveExecutorService } from './moves/move-executor.service.js';
export { MoveStarterService, type MoveRequest } from './moves/move-starter.service.js';
export { OperationsService, type OperationsQuery, type OperationView } from './operations/operations.service.js';
export {
  SuggestionBackfillService,
  type BackfillOutcome,
  type BackfillProgress,
} from './suggestions/suggestion-backfill.service.js';
export { SuggestionDecisionError, SuggestionDecisionsService } from './suggestions/suggestion-decisions.service.js';
export { SuggestionFinderService, type CheckOutcome } from './suggestions/suggestion-finder.service.js';
export {
  SuggestionPartiesService,
  type SuggestionParties,
  type SuggestionParty,
} from './suggestions/suggestion-parties.service.js';
export { suggestionView } from './suggestions/suggestion-view.js';
export { toUniquenessHolder, UniquenessEnforcerService } from './uniqueness/uniqueness-enforcer.service.js';
export type { UniquenessActor, UniquenessOutcome } from './uniqueness/uniqueness-outcome.js';
export { BulkMergeRunnerService } from './bulk-merges/bulk-merge-runner.service.js';
export { UniquenessRunRunnerService } from './uniqueness/uniqueness-run-runner.service.js';
export { BulkMergesModule } from './bulk-merges/bulk-merges.module.js';
