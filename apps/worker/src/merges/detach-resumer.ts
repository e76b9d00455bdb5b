import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { DetachExecutorService } from '@app/identity';
import { DetachRepository } from '@app/persistence';

const RESUME_BATCH = 100;

/**
 * At start, finishes the detaches a dead worker left half-done, as the merge resumer does for merges. Running one
 * twice (here and from its job) is safe: every step is idempotent.
 */
@Injectable()
export class DetachResumer implements OnApplicationBootstrap {
  private readonly logger = new Logger(DetachResumer.name);

  constructor(
    private readonly detaches: DetachRepository,
    private readonly executor: DetachExecutorService,
  ) {}

  onApplicationBootstrap(): void {
    void this.resume().catch((error: unknown) => this.logger.error({ err: error }, 'resuming detaches failed'));
  }

  private async resume(): Promise<void> {
    const unfinished = await this.detaches.findUnfinishedOfAllTenants(RESUME_BATCH);
    for (const detach of unfinished) {
      this.logger.warn(
        { detachId: detach._id, completedSteps: detach.completedSteps },
        'resuming an unfinished detach',
      );
      await this.executor.execute(detach.tenantId.toHexString(), detach._id.toHexString());
    }
  }
}
