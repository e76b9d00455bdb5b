import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import type { MergeUndoJob } from './jobs.js';
import { addJournalJob } from './journal-jobs.producer.js';
import { QUEUES } from './queues.js';

/** Hands the undos of merges to the worker, on the queue of merges (they take the same customer locks). */
@Injectable()
export class MergeUndosProducer {
  constructor(@InjectQueue(QUEUES.merges) private readonly queue: Queue) {}

  execute(job: MergeUndoJob): Promise<void> {
    return addJournalJob(this.queue, 'undo', job.tenantId, job.undoId);
  }
}
