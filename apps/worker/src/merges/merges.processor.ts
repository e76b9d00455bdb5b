import { Processor } from '@nestjs/bullmq';
import { DetachExecutorService, MergeExecutorService, MergeUndoExecutorService } from '@app/identity';
import { QUEUES, TypedProcessor, type JobHandlers } from '@app/queue';

/**
 * The journals that lock customers: merges, detaches and undos. A short lock: if the worker running one dies, another (or
 * the same after restart) takes the job over within seconds; the journal makes running it twice harmless.
 */
@Processor(QUEUES.merges, { concurrency: 4, lockDuration: 10_000, stalledInterval: 5_000 })
export class MergesProcessor extends TypedProcessor<typeof QUEUES.merges> {
  readonly queueName = QUEUES.merges;

  constructor(
    private readonly merges: MergeExecutorService,
    private readonly detaches: DetachExecutorService,
    private readonly undos: MergeUndoExecutorService,
  ) {
    super();
  }

  protected readonly handlers: JobHandlers<typeof QUEUES.merges> = {
    'merge.execute': (data) => this.merges.execute(data.tenantId, data.mergeId),
    'detach.execute': (data) => this.detaches.execute(data.tenantId, data.detachId),
    'undo.execute': (data) => this.undos.execute(data.tenantId, data.undoId),
  };
}
