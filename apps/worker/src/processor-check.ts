import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { ALL_QUEUES, processorProblems, TypedProcessor } from '@app/queue';

export class ProcessorMismatchError extends Error {
  constructor(readonly problems: string[]) {
    super(`processors do not match the queues:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ProcessorMismatchError';
  }
}

/** Refuses to start a worker in which a queue has no processor, or two. */
@Injectable()
export class ProcessorCheck implements OnApplicationBootstrap {
  constructor(private readonly discovery: DiscoveryService) {}

  onApplicationBootstrap(): void {
    const processorQueues = this.discovery
      .getProviders()
      .flatMap(({ instance }) => (instance instanceof TypedProcessor ? [instance.queueName as string] : []));
    const problems = processorProblems(ALL_QUEUES, processorQueues);
    if (problems.length > 0) throw new ProcessorMismatchError(problems);
  }
}
