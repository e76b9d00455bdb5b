import { Module } from '@nestjs/common';
import {
  BulkMergeRepositoryModule,
  CustomerRepositoryModule,
  TenantRepositoryModule,
  UniquenessRunRepositoryModule,
} from '@app/persistence';
import { MergesProducerModule } from '@app/queue';
import { IdentityModule } from '../identity.module.js';
import { UniquenessRunRunnerService } from '../uniqueness/uniqueness-run-runner.service.js';
import { BulkMergeRunnerService } from './bulk-merge-runner.service.js';

/** Many merges in one job of the worker, each through the merge starter (bulk merges, apply-to-existing runs). */
@Module({
  imports: [
    IdentityModule,
    BulkMergeRepositoryModule,
    CustomerRepositoryModule,
    TenantRepositoryModule,
    UniquenessRunRepositoryModule,
    MergesProducerModule,
  ],
  providers: [BulkMergeRunnerService, UniquenessRunRunnerService],
  exports: [BulkMergeRunnerService, UniquenessRunRunnerService],
})
export class BulkMergesModule {}
