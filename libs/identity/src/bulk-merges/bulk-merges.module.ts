import { Module } from '@nestjs/common';
import { BulkMergeRepositoryModule, CustomerRepositoryModule } from '@app/persistence';
import { MergesProducerModule } from '@app/queue';
import { IdentityModule } from '../identity.module.js';
import { BulkMergeRunnerService } from './bulk-merge-runner.service.js';

/** Many merges in one job of the worker, each through the merge starter. */
@Module({
  imports: [IdentityModule, BulkMergeRepositoryModule, CustomerRepositoryModule, MergesProducerModule],
  providers: [BulkMergeRunnerService],
  exports: [BulkMergeRunnerService],
})
export class BulkMergesModule {}
