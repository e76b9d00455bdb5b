import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { JOB_NAMES, jobHandlerProblems, TypedProcessor } from '@app/queue';

export class JobHandlerMismatchError extends Error {
  constructor(readonly problems: string[]) {
    super(`job handlers do not match the job map:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'JobHandlerMismatchError';
  }
}

/** Refuses to start a worker in which a job of the map has no handler, or two. */
@Injectable()
export class JobHandlerCheck implements OnApplicationBootstrap {
  constructor(private readonly discovery: DiscoveryService) {}

  onApplicationBootstrap(): void {
    const processors = this.discovery
      .getProviders()
      .flatMap(({ instance }) => (instance instanceof TypedProcessor ? [instance] : []))
      .map((processor) => ({ queueName: processor.queueName, jobNames: processor.handledJobNames() }));
    const problems = jobHandlerProblems(JOB_NAMES, processors);
    if (problems.length > 0) throw new JobHandlerMismatchError(problems);
  }
}
