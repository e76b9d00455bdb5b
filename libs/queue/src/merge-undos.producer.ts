import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import type { MergeUndoJob } from './jobs.js';
import { QUEUES } from './queues.js';

/** Hands the undos of merges to the worker, on the queue of merges (they take the same customer locks). */
@Injectable()
export class MergeUndosProducer {
  constructor(@InjectQueue(QUEUES.merges) private readonly queue: Queue) {}

  /** The job id is the undo id: a resumed undo never runs as two jobs. */
  async execute(job: MergeUndoJob): Promise<void> {
    await this.queue.add('undo.execute', job, {
      jobId: `undo-${job.undoId}`,
      attempts: 10,
      backoff: { type: 'exponential', delay: 1_000 },
      removeOnComplete: { age: 24 * 3600, count: 10_000 },
      removeOnFail: { age: 30 * 24 * 3600 },
    });
  }
}
