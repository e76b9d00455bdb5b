import { getQueueToken } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { Job, Queue } from 'bullmq';
import type { UserPrincipal } from '@app/auth';
import { notFound } from '@app/http';
import { ALL_QUEUES, type QueueName } from '@app/queue';
import type { FailedJobList, FailedJobView } from './jobs.dto.js';

/** Failed jobs are kept for days (see each producer's `removeOnFail`); this many are scanned per queue. */
const SCAN_PER_QUEUE = 1_000;

/**
 * Failed background work of the admin's tenant, to see why and retry it. Queues hold every tenant's jobs, so each
 * job is filtered by the tenant in its payload.
 */
@Injectable()
export class JobsService {
  constructor(private readonly moduleRef: ModuleRef) {}

  async failed(actor: UserPrincipal, queue: QueueName | undefined, limit: number): Promise<FailedJobList> {
    const queues = queue ? [queue] : [...ALL_QUEUES];
    const items: FailedJobView[] = [];
    for (const name of queues) {
      const jobs = await this.queue(name).getFailed(0, SCAN_PER_QUEUE - 1);
      items.push(...jobs.filter((job) => this.ownedBy(job, actor)).map((job) => this.view(name, job)));
    }
    items.sort((a, b) => (b.failedAt ?? '').localeCompare(a.failedAt ?? ''));
    return { items: items.slice(0, limit) };
  }

  async retry(actor: UserPrincipal, queue: QueueName, id: string): Promise<FailedJobView> {
    const job = await this.queue(queue).getJob(id);
    if (!job || !this.ownedBy(job, actor) || !(await job.isFailed())) throw notFound('failed job');
    await job.retry('failed');
    return this.view(queue, job);
  }

  private ownedBy(job: Job | undefined, actor: UserPrincipal): job is Job {
    return (job?.data as { tenantId?: unknown } | undefined)?.tenantId === actor.tenantId;
  }

  private view(queue: string, job: Job): FailedJobView {
    return {
      queue,
      id: job.id ?? '',
      name: job.name,
      failedReason: job.failedReason,
      attemptsMade: job.attemptsMade,
      failedAt: job.finishedOn ? new Date(job.finishedOn).toISOString() : null,
      data: job.data as Record<string, unknown>,
    };
  }

  private queue(name: QueueName): Queue {
    return this.moduleRef.get<Queue>(getQueueToken(name), { strict: false });
  }
}
