import { Processor } from '@nestjs/bullmq';
import { BulkMergeRunnerService, UniquenessRunRunnerService } from '@app/identity';
import { QUEUES, type JobHandlers } from '@app/queue';
import { OutageTolerantProcessor } from '../outage-tolerant.processor.js';

/**
 * Bulk merges and "apply to existing duplicates" runs, one at a time per worker (each already runs four merges at once). A worker that dies mid-way leaves
 * the job stalled: another takes it over and the runner continues after the last recorded pair, however often.
 */
@Processor(QUEUES.bulkMerges, { concurrency: 1, maxStalledCount: 100 })
export class BulkMergesProcessor extends OutageTolerantProcessor<typeof QUEUES.bulkMerges> {
  readonly queueName = QUEUES.bulkMerges;

  constructor(
    private readonly runner: BulkMergeRunnerService,
    private readonly uniqueness: UniquenessRunRunnerService,
  ) {
    super();
  }

  protected readonly handlers: JobHandlers<typeof QUEUES.bulkMerges> = {
    'bulk-merge.run': (data) => this.runner.run(data.tenantId, data.bulkMergeId),
    'uniqueness.apply': (data) => this.uniqueness.run(data.tenantId, data.runId),
  };
}
