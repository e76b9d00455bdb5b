import { QueueEvents, type Queue } from 'bullmq';

/**
 * Waits for jobs of one queue to finish. Its QueueEvents connection is opened on first use, and every caller waits
 * until it listens (a concurrent first caller would otherwise miss the events).
 */
export class JobWaiter {
  private events?: QueueEvents;

  constructor(private readonly queue: Queue) {}

  /** Whether the job finished within `timeoutMs` (a job no longer held counts as finished); `false`: still running. */
  async finished(jobId: string, timeoutMs: number): Promise<boolean> {
    const job = await this.queue.getJob(jobId);
    if (!job) return true;
    try {
      await job.waitUntilFinished(await this.queueEvents(), timeoutMs);
      return true;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    await this.events?.close();
  }

  private async queueEvents(): Promise<QueueEvents> {
    const events = (this.events ??= new QueueEvents(this.queue.name, {
      connection: this.queue.opts.connection,
      prefix: this.queue.opts.prefix,
    }));
    await events.waitUntilReady();
    return events;
  }
}
