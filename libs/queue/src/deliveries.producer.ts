import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { DelayedError, type Job, type Queue } from 'bullmq';
import type { DeliveryJob } from './jobs.js';
import { PERIODIC_LOOK, QUEUES } from './queues.js';

export const DELIVERIES_RESUME_SCHEDULER = 'deliveries.resume';

const ATTEMPT_OPTIONS = {
  // Attempts of the job, not of the delivery: these cover our own failures (database, Redis) while running it;
  // the provider's answers are retried through `retryLater` and the delivery's log.
  attempts: 5,
  backoff: { type: 'exponential', delay: 1_000 },
  removeOnComplete: { age: 24 * 3600, count: 10_000 },
  removeOnFail: { age: 30 * 24 * 3600, count: 10_000 },
};

/**
 * Hands deliveries to the worker. The job id is the delivery id, so asking twice (a retried request, a resumed
 * starter) queues one job; between attempts that same job waits in the delayed set.
 */
@Injectable()
export class DeliveriesProducer {
  constructor(@InjectQueue(QUEUES.deliveries) private readonly queue: Queue) {}

  async enqueue(job: DeliveryJob, delayMs = 0): Promise<void> {
    await this.queue.add('delivery.attempt', job, { jobId: job.deliveryId, delay: delayMs, ...ATTEMPT_OPTIONS });
  }

  /**
   * Queues a stalled delivery again under its id. BullMQ ignores an add whose id it still holds, so a job that
   * failed for good or completed is removed first; one waiting, delayed or active is left to run. Answers whether a
   * job was added.
   */
  async requeue(job: DeliveryJob): Promise<boolean> {
    const existing = await this.queue.getJob(job.deliveryId);
    if (existing) {
      const state = await existing.getState();
      if (state !== 'failed' && state !== 'completed' && state !== 'unknown') return false;
      await existing.remove();
    }
    await this.queue.add('delivery.attempt', job, { jobId: job.deliveryId, ...ATTEMPT_OPTIONS });
    return true;
  }

  /** Runs the periodic look for stalled deliveries every `everyMs` (one scheduler, whatever the number of workers). */
  async schedule(everyMs: number): Promise<void> {
    await this.queue.upsertJobScheduler(
      DELIVERIES_RESUME_SCHEDULER,
      { every: everyMs },
      { name: 'deliveries.resume', data: {}, opts: PERIODIC_LOOK },
    );
  }
}

/**
 * Puts the running job back in the delayed set for `delayMs`, keeping its id, and ends this run: the processor
 * returns what this throws (BullMQ's DelayedError tells the worker the job moved, not failed).
 */
export async function retryLater(job: Job, token: string | undefined, delayMs: number): Promise<never> {
  await job.moveToDelayed(Date.now() + delayMs, token);
  throw new DelayedError();
}
