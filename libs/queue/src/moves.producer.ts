import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import type { MoveJob } from './jobs.js';
import { QUEUES } from './queues.js';

/** Hands moves of conversations (and their undos) to the worker, on the queue of merges: they take the same locks. */
@Injectable()
export class MovesProducer {
  constructor(@InjectQueue(QUEUES.merges) private readonly queue: Queue) {}

  /** The job id is the move id: a resumed move never runs as two jobs. */
  async execute(job: MoveJob): Promise<void> {
    await this.queue.add('move.execute', job, {
      jobId: `move-${job.moveId}`,
      attempts: 10,
      backoff: { type: 'exponential', delay: 1_000 },
      removeOnComplete: { age: 24 * 3600, count: 10_000 },
      removeOnFail: { age: 30 * 24 * 3600 },
    });
  }
}
