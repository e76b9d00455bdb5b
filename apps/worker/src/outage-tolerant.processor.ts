import { Logger } from '@nestjs/common';
import { Worker, type Job } from 'bullmq';
import { isDatabaseUnreachableError } from '@app/persistence';
import { TypedProcessor, type JobMap } from '@app/queue';

/** How long a worker waits before it takes a job of that queue again once the database could not be reached. */
export const DATABASE_RETRY_MS = 1_000;
/** One warning per queue per this long: an outage must not flood the log with one line per job and second. */
const WARNING_INTERVAL_MS = 10_000;

/**
 * A processor that waits out a database outage instead of spending its jobs' attempts on it. A job that met an
 * unreachable database goes back to the queue as it was (BullMQ's manual rate limit: no attempt counted) and this
 * worker takes no job of the queue for DATABASE_RETRY_MS. Without it, an outage longer than a job's whole backoff
 * (about two minutes for a delivery) failed acknowledged messages for good, and a shorter one left jobs waiting out
 * long backoffs after the database came back. The jobs' steps are idempotent, so running one again from the start is
 * safe.
 */
export abstract class OutageTolerantProcessor<Q extends keyof JobMap> extends TypedProcessor<Q> {
  private readonly outageLogger = new Logger('DatabaseOutage');
  private lastWarning = 0;

  override async process(job: Job, token?: string): Promise<unknown> {
    try {
      return await super.process(job, token);
    } catch (error) {
      if (!isDatabaseUnreachableError(error)) throw error;
      this.warn(job, error);
      await this.worker.rateLimit(DATABASE_RETRY_MS);
      throw Worker.RateLimitError();
    }
  }

  private warn(job: Job, error: unknown): void {
    const now = Date.now();
    if (now - this.lastWarning < WARNING_INTERVAL_MS) return;
    this.lastWarning = now;
    this.outageLogger.warn(
      { queue: this.queueName, jobId: job.id, error: (error as Error).message },
      `database unreachable: ${this.queueName} jobs go back to the queue and are taken again in ${DATABASE_RETRY_MS} ms`,
    );
  }
}
