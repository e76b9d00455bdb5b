import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import type { CustomerCheckJob, TenantBackfillJob } from './jobs.js';
import { QUEUES } from './queues.js';

/** Asks the suggestion worker to compare a customer with the tenant's others. */
@Injectable()
export class SuggestionsProducer {
  constructor(@InjectQueue(QUEUES.suggestions) private readonly queue: Queue) {}

  /** `triggerId` names what changed (an identity id, a customer revision), so a retried trigger adds no second job. */
  async checkCustomer(job: CustomerCheckJob, triggerId: string): Promise<void> {
    await this.queue.add('customer.check', job, {
      jobId: `check-${job.tenantId}-${triggerId}`,
      attempts: 5,
      backoff: { type: 'exponential', delay: 500 },
      removeOnComplete: { age: 3600, count: 10_000 },
      removeOnFail: { age: 7 * 24 * 3600 },
    });
  }

  /** One backfill per tenant at a time: a second request while one waits is absorbed. */
  async backfill(job: TenantBackfillJob): Promise<void> {
    await this.queue.add('tenant.backfill', job, {
      deduplication: { id: `backfill-${job.tenantId}` },
      attempts: 3,
      backoff: { type: 'exponential', delay: 5_000 },
      removeOnComplete: { age: 24 * 3600, count: 1_000 },
      removeOnFail: { age: 7 * 24 * 3600 },
    });
  }
}
