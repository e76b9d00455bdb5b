import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import type { MergeUndoJob } from './jobs.js';
import { JOURNAL_JOB_OPTIONS } from './journal-jobs.producer.js';
import { QUEUES } from './queues.js';

/** Hands the undos of merges to the worker, on the queue of merges (they take the same customer locks). */
@Injectable()
export class MergeUndosProducer {
  constructor(@InjectQueue(QUEUES.merges) private readonly queue: Queue) {}

  /** The job id is the undo id: a resumed undo never runs as two jobs. */
  async execute(job: MergeUndoJob): Promise<void> {
    await this.queue.add('undo.execute', job, {
      jobId: `undo-${job.undoId}`,
      ...JOURNAL_JOB_OPTIONS,
    });
  }
}
