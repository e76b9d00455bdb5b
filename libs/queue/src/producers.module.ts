import { Module } from '@nestjs/common';
import { BulkMergesProducer } from './bulk-merges.producer.js';
import { DeliveriesProducer } from './deliveries.producer.js';
import { DetachesProducer } from './detaches.producer.js';
import { JournalJobsProducer } from './journal-jobs.producer.js';
import { MergeUndosProducer } from './merge-undos.producer.js';
import { MergesProducer } from './merges.producer.js';
import { MovesProducer } from './moves.producer.js';
import { QueueModule } from './queue.module.js';
import { SuggestionsProducer } from './suggestions.producer.js';
import { WebhookDeliveriesProducer } from './webhook-deliveries.producer.js';

/** Asks for suggestion checks (customers changed, settings changed). */
@Module({ imports: [QueueModule], providers: [SuggestionsProducer], exports: [SuggestionsProducer] })
export class SuggestionsProducerModule {}

/** Starts merge journals; it holds a QueueEvents connection of its own, so one per process. */
@Module({ imports: [QueueModule], providers: [MergesProducer], exports: [MergesProducer] })
export class MergesProducerModule {}

/** Starts detach journals (on the merges queue: one processor runs every journal that locks customers). */
@Module({ imports: [QueueModule], providers: [DetachesProducer], exports: [DetachesProducer] })
export class DetachesProducerModule {}

/** Starts the undos of merges (on the merges queue, like detaches). */
@Module({ imports: [QueueModule], providers: [MergeUndosProducer], exports: [MergeUndosProducer] })
export class MergeUndosProducerModule {}

/** Hands stuck journals to the worker again, and schedules the look for them (the worker's). */
@Module({ imports: [QueueModule], providers: [JournalJobsProducer], exports: [JournalJobsProducer] })
export class JournalJobsProducerModule {}

/** Starts moves of conversations and their undos (on the merges queue, like detaches). */
@Module({ imports: [QueueModule], providers: [MovesProducer], exports: [MovesProducer] })
export class MovesProducerModule {}

/** Hands bulk merges to the worker. */
@Module({ imports: [QueueModule], providers: [BulkMergesProducer], exports: [BulkMergesProducer] })
export class BulkMergesProducerModule {}

/** Hands deliveries (replies, webhooks) to the worker. */
@Module({ imports: [QueueModule], providers: [DeliveriesProducer], exports: [DeliveriesProducer] })
export class DeliveriesProducerModule {}

/** Starts webhook deliveries (on the deliveries queue), again after a subscription resumes. */
@Module({ imports: [QueueModule], providers: [WebhookDeliveriesProducer], exports: [WebhookDeliveriesProducer] })
export class WebhookDeliveriesProducerModule {}
