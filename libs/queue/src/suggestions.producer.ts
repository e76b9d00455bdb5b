import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import type { CustomerCheckJob, TenantBackfillJob } from './jobs.js';
import { QUEUES } from './queues.js';

const backfillJobId = (tenantId: string, settingsVersion: number) => `backfill-${tenantId}-v${settingsVersion}`;

export type BackfillState = 'waiting' | 'running' | 'done' | 'failed';

export interface BackfillStatus {
  state: BackfillState;
  progress: Partial<BackfillCounts>;
  /** Whether a newer version's backfill overtook it (its customers are checked by that one). */
  superseded: boolean;
}

export interface BackfillCounts {
  checked: number;
  total: number;
  created: number;
  updated: number;
}

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
      removeOnFail: { age: 7 * 24 * 3600, count: 10_000 },
    });
  }

  /**
   * One backfill per settings version: a change made while an older one runs gets its own, which the older one
   * gives way to (a retried request of the same version adds nothing).
   */
  async backfill(job: TenantBackfillJob & { settingsVersion: number }): Promise<void> {
    await this.queue.add('tenant.backfill', job, {
      jobId: backfillJobId(job.tenantId, job.settingsVersion),
      attempts: 3,
      backoff: { type: 'exponential', delay: 5_000 },
      removeOnComplete: { age: 24 * 3600, count: 1_000 },
      removeOnFail: { age: 7 * 24 * 3600, count: 10_000 },
    });
  }

  /** The backfill of a settings version, while BullMQ keeps its job (a day after it is done). */
  async backfillStatus(tenantId: string, settingsVersion: number): Promise<BackfillStatus | undefined> {
    const job = await this.queue.getJob(backfillJobId(tenantId, settingsVersion));
    if (!job) return undefined;
    const state = await job.getState();
    const result = job.returnvalue as (BackfillCounts & { superseded?: boolean }) | null;
    const progress = (typeof job.progress === 'object' ? job.progress : {}) as Partial<BackfillCounts>;
    return {
      state:
        state === 'completed' ? 'done' : state === 'failed' ? 'failed' : state === 'active' ? 'running' : 'waiting',
      progress: result
        ? { checked: result.checked, total: result.total, created: result.created, updated: result.updated }
        : progress,
      superseded: result?.superseded ?? false,
    };
  }
}
