import { WorkerHost } from '@nestjs/bullmq';
import { UnrecoverableError, type Job } from 'bullmq';
import type { JobMap, JobName } from './jobs.js';

export type JobHandlers<Q extends keyof JobMap> = {
  [N in JobName<Q>]: (data: JobMap[Q][N], job: Job<JobMap[Q][N]>) => Promise<unknown>;
};

/**
 * A BullMQ processor whose handlers are typed by the job map: the compiler wants a handler for every job of its
 * queue, and the worker checks at boot that each queue has exactly one processor.
 */
export abstract class TypedProcessor<Q extends keyof JobMap> extends WorkerHost {
  abstract readonly queueName: Q;
  protected abstract readonly handlers: JobHandlers<Q>;

  handledJobNames(): string[] {
    return Object.keys(this.handlers);
  }

  async process(job: Job): Promise<unknown> {
    const handlers = this.handlers as unknown as Record<
      string,
      ((data: unknown, job: Job) => Promise<unknown>) | undefined
    >;
    const handler = handlers[job.name];
    if (!handler) throw new UnrecoverableError(`queue ${this.queueName} has no handler for job ${job.name}`);
    return handler(job.data, job);
  }
}

export interface RegisteredProcessor {
  queueName: string;
  jobNames: string[];
}

/** Every job of the map handled exactly once, and nothing handled that the map does not name. */
export function jobHandlerProblems(
  expected: Record<string, readonly string[]>,
  processors: RegisteredProcessor[],
): string[] {
  const problems: string[] = [];
  for (const [queueName, jobNames] of Object.entries(expected)) {
    const forQueue = processors.filter((processor) => processor.queueName === queueName);
    if (forQueue.length !== 1) {
      problems.push(`queue ${queueName} has ${forQueue.length} processors, expected exactly 1`);
      continue;
    }
    const handled = new Set(forQueue[0].jobNames);
    for (const name of jobNames) if (!handled.has(name)) problems.push(`job ${queueName}/${name} has no handler`);
    for (const name of handled)
      if (!jobNames.includes(name)) problems.push(`job ${queueName}/${name} is not in the job map`);
  }
  for (const processor of processors) {
    if (!(processor.queueName in expected)) problems.push(`processor for unknown queue ${processor.queueName}`);
  }
  return problems;
}
