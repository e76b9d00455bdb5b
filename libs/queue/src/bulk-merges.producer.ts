import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import type { BulkMergeJob, UniquenessApplyJob } from './jobs.js';
import { QUEUES } from './queues.js';

/** Hands bulk merges to the worker. */
@Injectable()
export class BulkMergesProducer {
  constructor(@InjectQueue(QUEUES.bulkMerges) private readonly queue: Queue) {}

  /** The job id is the bulk merge's id: a resubmission or a retried enqueue never runs it twice at once. */
  async run(job: BulkMergeJob): Promise<void> {
    await this.queue.add('bulk-merge.run', job, {
      jobId: `bulk-merge-${job.bulkMergeId}`,
      attempts: 10,
      backoff: { type: 'exponential', delay: 1_000 },
      removeOnComplete: { age: 24 * 3600, count: 1_000 },
      removeOnFail: { age: 30 * 24 * 3600, count: 1_000 },
    });
  }

  /** "Apply to existing duplicates" starts merges like a bulk merge does, so it runs beside them (job id: the run). */
  async applyUniqueness(job: UniquenessApplyJob): Promise<void> {
    await this.queue.add('uniqueness.apply', job, {
      jobId: `uniqueness-${job.runId}`,
      attempts: 10,
      backoff: { type: 'exponential', delay: 1_000 },
      removeOnComplete: { age: 24 * 3600, count: 1_000 },
      removeOnFail: { age: 30 * 24 * 3600, count: 1_000 },
    });
  }
}
