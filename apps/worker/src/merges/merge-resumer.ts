import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { MergeExecutorService } from '@app/identity';
import { MergeRepository } from '@app/persistence';

const RESUME_BATCH = 100;

/**
 * At start, finishes the merges a dead worker left half-done — without waiting for BullMQ to notice the stalled
 * job. Running one twice (here and from its job) is safe: every step is idempotent.
 */
@Injectable()
export class MergeResumer implements OnApplicationBootstrap {
  private readonly logger = new Logger(MergeResumer.name);

  constructor(
    private readonly merges: MergeRepository,
    private readonly executor: MergeExecutorService,
  ) {}

  onApplicationBootstrap(): void {
    void this.resume().catch((error: unknown) => this.logger.error({ err: error }, 'resuming merges failed'));
  }

  private async resume(): Promise<void> {
    const unfinished = await this.merges.findUnfinishedOfAllTenants(RESUME_BATCH);
    for (const merge of unfinished) {
      this.logger.warn({ mergeId: merge._id, completedSteps: merge.completedSteps }, 'resuming an unfinished merge');
      await this.executor.execute(merge.tenantId.toHexString(), merge._id.toHexString());
    }
  }
}
