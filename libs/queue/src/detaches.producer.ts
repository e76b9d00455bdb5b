import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { JobWaiter } from './job-waiter.js';
import type { DetachJob } from './jobs.js';
import { JOURNAL_JOBS, addJournalJob } from './journal-jobs.producer.js';
import { QUEUES } from './queues.js';

/** Hands detaches to the worker, on the queue of merges (they take the same customer locks). */
@Injectable()
export class DetachesProducer implements OnApplicationShutdown {
  private readonly waiter: JobWaiter;

  constructor(@InjectQueue(QUEUES.merges) private readonly queue: Queue) {
    this.waiter = new JobWaiter(queue);
  }

  execute(job: DetachJob): Promise<void> {
    return addJournalJob(this.queue, 'detach', job.tenantId, job.detachId);
  }

  /** Whether the detach's job finished within `timeoutMs`. */
  waitFor(detachId: string, timeoutMs: number): Promise<boolean> {
    return this.waiter.finished(JOURNAL_JOBS.detach.jobId(detachId), timeoutMs);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.waiter.close();
  }
}
