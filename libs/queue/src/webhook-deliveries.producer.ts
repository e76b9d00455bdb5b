import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import type { DeliveryJob } from './jobs.js';
import { QUEUES } from './queues.js';

/**
 * Starts webhook deliveries on the deliveries queue. A webhook delivery can be started more than once in its life
 * (held behind an earlier event of its customer, paused with its subscription and resumed), and a job id names one
 * start only: `generation` (the subscription's last resume) tells the starts apart, while starting twice in one
 * generation still queues one job.
 */
@Injectable()
export class WebhookDeliveriesProducer {
  constructor(@InjectQueue(QUEUES.deliveries) private readonly queue: Queue) {}

  async start(job: DeliveryJob, generation: string): Promise<void> {
    await this.startAll([job], generation);
  }

  /** Many at once, in one round trip. */
  async startAll(jobs: DeliveryJob[], generation: string): Promise<void> {
    if (jobs.length === 0) return;
    await this.queue.addBulk(
      jobs.map((job) => ({
        name: 'delivery.attempt',
        data: job,
        opts: {
          jobId: `${job.deliveryId}-${generation}`,
          attempts: 5,
          backoff: { type: 'exponential' as const, delay: 1_000 },
          removeOnComplete: { age: 24 * 3600, count: 10_000 },
          removeOnFail: { age: 30 * 24 * 3600, count: 10_000 },
        },
      })),
    );
  }
}
