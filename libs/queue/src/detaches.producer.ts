import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { QueueEvents, type Queue } from 'bullmq';
import type { DetachJob } from './jobs.js';
import { JOURNAL_JOB_OPTIONS } from './journal-jobs.producer.js';
import { QUEUES } from './queues.js';

/** Hands detaches to the worker, on the queue of merges (they take the same customer locks). */
@Injectable()
export class DetachesProducer implements OnApplicationShutdown {
  private events?: QueueEvents;

  constructor(@InjectQueue(QUEUES.merges) private readonly queue: Queue) {}

  /** The job id is the detach id: a resumed detach never runs as two jobs. */
  async execute(job: DetachJob): Promise<void> {
    await this.queue.add('detach.execute', job, {
      jobId: `detach-${job.detachId}`,
      ...JOURNAL_JOB_OPTIONS,
    });
  }

  /** Whether the detach's job finished within `timeoutMs`. */
  async waitFor(detachId: string, timeoutMs: number): Promise<boolean> {
    const job = await this.queue.getJob(`detach-${detachId}`);
    if (!job) return true;
    try {
      await job.waitUntilFinished(await this.queueEvents(), timeoutMs);
      return true;
    } catch {
      return false;
    }
  }

  /** Created on first use; every caller waits until it listens. */
  private async queueEvents(): Promise<QueueEvents> {
    const events = (this.events ??= new QueueEvents(QUEUES.merges, { connection: this.queue.opts.connection }));
    await events.waitUntilReady();
    return events;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.events?.close();
  }
}
