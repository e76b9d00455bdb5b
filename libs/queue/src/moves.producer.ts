import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import type { MoveJob } from './jobs.js';
import { JOURNAL_JOB_OPTIONS } from './journal-jobs.producer.js';
import { QUEUES } from './queues.js';

/** Hands moves of conversations (and their undos) to the worker, on the queue of merges: they take the same locks. */
@Injectable()
export class MovesProducer {
  constructor(@InjectQueue(QUEUES.merges) private readonly queue: Queue) {}

  /** The job id is the move id: a resumed move never runs as two jobs. */
  async execute(job: MoveJob): Promise<void> {
    await this.queue.add('move.execute', job, {
      jobId: `move-${job.moveId}`,
      ...JOURNAL_JOB_OPTIONS,
    });
  }
}
