import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { MergeUndoExecutorService } from '@app/identity';
import { MergeUndoRepository } from '@app/persistence';

const RESUME_BATCH = 100;

/**
 * At start, finishes the undos a dead worker left half-done, as the merge resumer does for merges. Running one twice
 * (here and from its job) is safe: every step is idempotent.
 */
@Injectable()
export class MergeUndoResumer implements OnApplicationBootstrap {
  private readonly logger = new Logger(MergeUndoResumer.name);

  constructor(
    private readonly undos: MergeUndoRepository,
    private readonly executor: MergeUndoExecutorService,
  ) {}

  onApplicationBootstrap(): void {
    void this.resume().catch((error: unknown) => this.logger.error({ err: error }, 'resuming undos failed'));
  }

  private async resume(): Promise<void> {
    const unfinished = await this.undos.findUnfinishedOfAllTenants(RESUME_BATCH);
    for (const undo of unfinished) {
      this.logger.warn({ undoId: undo._id, completedSteps: undo.completedSteps }, 'resuming an unfinished undo');
      await this.executor.execute(undo.tenantId.toHexString(), undo._id.toHexString());
    }
  }
}
