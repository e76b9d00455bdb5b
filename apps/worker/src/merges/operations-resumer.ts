import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { OperationsService } from '@app/identity';
import { JournalJobsProducer } from '@app/queue';

/**
 * At start, finishes the journals a dead worker left half-done, and schedules the periodic look for journals that
 * stopped moving (a job out of attempts, an enqueue that failed after the locks were taken) every third of the
 * threshold: one scheduler in Redis, whatever the number of workers.
 */
@Injectable()
export class OperationsResumer implements OnApplicationBootstrap {
  private readonly logger = new Logger(OperationsResumer.name);

  constructor(
    private readonly operations: OperationsService,
    private readonly jobs: JournalJobsProducer,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.jobs.schedule(Math.max(1_000, Math.floor(this.operations.stuckAfterMs / 3)));
    void this.operations
      .resumeAtStart()
      .catch((error: unknown) => this.logger.error({ err: error }, 'resuming unfinished journals failed'));
  }
}
