import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import type { MoveJob } from './jobs.js';
import { addJournalJob } from './journal-jobs.producer.js';
import { QUEUES } from './queues.js';

/** Hands moves of conversations (and their undos) to the worker, on the queue of merges: they take the same locks. */
@Injectable()
export class MovesProducer {
  constructor(@InjectQueue(QUEUES.merges) private readonly queue: Queue) {}

  execute(job: MoveJob): Promise<void> {
    return addJournalJob(this.queue, 'move', job.tenantId, job.moveId);
  }
}
