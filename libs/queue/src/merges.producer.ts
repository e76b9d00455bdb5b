import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { QueueEvents, type Queue } from 'bullmq';
import type { MergeJob } from './jobs.js';
import { JOURNAL_JOB_OPTIONS } from './journal-jobs.producer.js';
import { QUEUES } from './queues.js';

/** Hands merges to the worker, and lets the api wait a moment for small ones to finish. */
@Injectable()
export class MergesProducer implements OnApplicationShutdown {
  private events?: QueueEvents;

  constructor(@InjectQueue(QUEUES.merges) private readonly queue: Queue) {}

  /** The job id is the merge id: a resumed merge never runs as two jobs. */
  async execute(job: MergeJob): Promise<void> {
    await this.queue.add('merge.execute', job, {
      jobId: `merge-${job.mergeId}`,
      ...JOURNAL_JOB_OPTIONS,
    });
  }

  /** Whether the merge's job finished within `timeoutMs`; `false` means it is still running (answer 202). */
  async waitFor(mergeId: string, timeoutMs: number): Promise<boolean> {
    const job = await this.queue.getJob(`merge-${mergeId}`);
    if (!job) return true;
    try {
      await job.waitUntilFinished(await this.queueEvents(), timeoutMs);
      return true;
    } catch {
      return false;
    }
  }

  /** Created once; every caller waits until it listens (a concurrent first caller would otherwise miss events). */
  private async queueEvents(): Promise<QueueEvents> {
    const events = (this.events ??= new QueueEvents(QUEUES.merges, { connection: this.queue.opts.connection }));
    await events.waitUntilReady();
    return events;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.events?.close();
  }
}
