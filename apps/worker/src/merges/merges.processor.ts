import { Processor } from '@nestjs/bullmq';
import { MergeExecutorService } from '@app/identity';
import { QUEUES, TypedProcessor, type JobHandlers } from '@app/queue';

/**
 * A short lock: if the worker running a merge dies, another (or the same after restart) takes the job over within
 * seconds; the journal makes running it twice harmless.
 */
@Processor(QUEUES.merges, { concurrency: 4, lockDuration: 10_000, stalledInterval: 5_000 })
export class MergesProcessor extends TypedProcessor<typeof QUEUES.merges> {
  readonly queueName = QUEUES.merges;

  constructor(private readonly executor: MergeExecutorService) {
    super();
  }

  protected readonly handlers: JobHandlers<typeof QUEUES.merges> = {
    'merge.execute': (data) => this.executor.execute(data.tenantId, data.mergeId),
  };
}
