import { Module } from '@nestjs/common';
import { TenantRepositoryModule, UniquenessRunRepositoryModule } from '@app/persistence';
import { BulkMergesProducerModule } from '@app/queue';
import { UniquenessRunsController } from './uniqueness-runs.controller.js';
import { UniquenessRunsService } from './uniqueness-runs.service.js';

/** "Apply to existing duplicates": admins run the uniqueness setting over the customers stored before it. */
@Module({
  imports: [TenantRepositoryModule, UniquenessRunRepositoryModule, BulkMergesProducerModule],
  controllers: [UniquenessRunsController],
  providers: [UniquenessRunsService],
})
export class UniquenessModule {}
