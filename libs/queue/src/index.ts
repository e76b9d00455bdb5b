export { addInboundJobs, inboundJobId } from './inbound-jobs.js';
export { InboundProducer, QueueUnavailableError, rawEmailJobId } from './inbound.producer.js';
export {
  type BulkMergeJob,
  type CustomerCheckJob,
  type DeliveriesResumeJob,
  type DeliveryJob,
  type DetachJob,
  type InboundJob,
  type JobMap,
  type JobName,
  type MergeJob,
  type MergeUndoJob,
  type MoveJob,
  type OperationsResumeJob,
  type RawEmailDelivery,
  type RawEmailJob,
  type TenantBackfillJob,
} from './jobs.js';
export {
  BulkMergesProducerModule,
  DeliveriesProducerModule,
  DetachesProducerModule,
  JournalJobsProducerModule,
  MergesProducerModule,
  MergeUndosProducerModule,
  MovesProducerModule,
  SuggestionsProducerModule,
  WebhookDeliveriesProducerModule,
} from './producers.module.js';
export { WebhookDeliveriesProducer } from './webhook-deliveries.producer.js';
export { QueueModule } from './queue.module.js';
export { ALL_QUEUES, QUEUES, type QueueName } from './queues.js';
export { processorProblems, TypedProcessor, type JobHandlers } from './typed-processor.js';
export {
  SuggestionsProducer,
  type BackfillCounts,
  type BackfillState,
  type BackfillStatus,
} from './suggestions.producer.js';
export { MergesProducer } from './merges.producer.js';
export { DetachesProducer } from './detaches.producer.js';
export { MergeUndosProducer } from './merge-undos.producer.js';
export { MovesProducer } from './moves.producer.js';
export {
  JOURNAL_JOB_OPTIONS,
  JOURNAL_JOBS,
  JournalJobsProducer,
  OPERATIONS_RESUME_SCHEDULER,
  type JournalJobKind,
} from './journal-jobs.producer.js';
export { BulkMergesProducer } from './bulk-merges.producer.js';
export { DELIVERIES_RESUME_SCHEDULER, DeliveriesProducer, retryLater } from './deliveries.producer.js';
