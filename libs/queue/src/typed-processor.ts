import { WorkerHost } from '@nestjs/bullmq';
import { UnrecoverableError, type Job } from 'bullmq';
import type { JobMap, JobName } from './jobs.js';

export type JobHandlers<Q extends keyof JobMap> = {
  [N in JobName<Q>]: (data: JobMap[Q][N], job: Job<JobMap[Q][N]>, token?: string) => Promise<unknown>;
};

/**
 * A BullMQ processor whose handlers are typed by the job map: the compiler wants a handler for every job of its
 * queue, and the worker checks at boot that each queue has exactly one processor.
 */
export abstract class TypedProcessor<Q extends keyof JobMap> extends WorkerHost {
  abstract readonly queueName: Q;
  protected abstract readonly handlers: JobHandlers<Q>;

  /** `token` is the worker's lock on the job, which moving it to the delayed set needs. */
  async process(job: Job, token?: string): Promise<unknown> {
    const handlers = this.handlers as unknown as Record<
      string,
      ((data: unknown, job: Job, token?: string) => Promise<unknown>) | undefined
    >;
    const handler = handlers[job.name];
    if (!handler) throw new UnrecoverableError(`queue ${this.queueName} has no handler for job ${job.name}`);
    return handler(job.data, job, token);
  }
}

/**
 * Every queue has exactly one processor. (Which jobs a processor handles needs no check at run time: `JobHandlers`
 * makes the compiler demand a handler for every job of its queue and refuse any other.)
 */
export function processorProblems(queueNames: readonly string[], processorQueues: readonly string[]): string[] {
  return queueNames.flatMap((queueName) => {
    const count = processorQueues.filter((processorQueue) => processorQueue === queueName).length;
    return count === 1 ? [] : [`queue ${queueName} has ${count} processors, expected exactly 1`];
  });
}
