import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { JobWaiter } from './job-waiter.js';
import type { MergeJob } from './jobs.js';
import { JOURNAL_JOBS, addJournalJob } from './journal-jobs.producer.js';
import { QUEUES } from './queues.js';

/** Hands merges to the worker, and lets the api wait a moment for small ones to finish. */
@Injectable()
export class MergesProducer implements OnApplicationShutdown {
  private readonly waiter: JobWaiter;

  constructor(@InjectQueue(QUEUES.merges) private readonly queue: Queue) {
    this.waiter = new JobWaiter(queue);
  }

  execute(job: MergeJob): Promise<void> {
    return addJournalJob(this.queue, 'merge', job.tenantId, job.mergeId);
  }

  /** Whether the merge's job finished within `timeoutMs`; `false` means it is still running (answer 202). */
  waitFor(mergeId: string, timeoutMs: number): Promise<boolean> {
    return this.waiter.finished(JOURNAL_JOBS.merge.jobId(mergeId), timeoutMs);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.waiter.close();
  }
}
