import { Processor } from '@nestjs/bullmq';
import { OperationsService } from '@app/identity';
import { QUEUES, type JobHandlers } from '@app/queue';
import { OutageTolerantProcessor } from '../outage-tolerant.processor.js';

/**
 * The journals that lock customers: merges, detaches and undos, each run with its heartbeat; and the periodic look
 * for those that stopped moving. A short lock: if the worker running one dies, another (or the same after restart)
 * takes the job over within seconds; the journal makes running it twice harmless — however often: a job whose worker
 * died twice (BullMQ's default allows one stall) would otherwise fail for good, its journal finished only at the next
 * start or by the periodic look, and the failed list would fill with operations that did complete.
 */
@Processor(QUEUES.merges, { concurrency: 4, lockDuration: 10_000, stalledInterval: 5_000, maxStalledCount: 100 })
export class MergesProcessor extends OutageTolerantProcessor<typeof QUEUES.merges> {
  readonly queueName = QUEUES.merges;

  constructor(private readonly operations: OperationsService) {
    super();
  }

  protected readonly handlers: JobHandlers<typeof QUEUES.merges> = {
    'merge.execute': (data) => this.operations.run('merge', data.tenantId, data.mergeId),
    'detach.execute': (data) => this.operations.run('detach', data.tenantId, data.detachId),
    'undo.execute': (data) => this.operations.run('undo', data.tenantId, data.undoId),
    'move.execute': (data) => this.operations.run('move', data.tenantId, data.moveId),
    'operations.resume': () => this.operations.resumeStuck(),
  };
}
