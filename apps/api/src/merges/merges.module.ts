import { Module } from '@nestjs/common';
import { IdentityModule } from '@app/identity';
import {
  BulkMergeRepositoryModule,
  MergeRepositoryModule,
  MergeUndoRepositoryModule,
  SuggestionRepositoryModule,
} from '@app/persistence';
import { BulkMergesProducerModule } from '@app/queue';
import { BulkMergesController } from './bulk-merges.controller.js';
import { BulkMergesService } from './bulk-merges.service.js';
import { MergesController } from './merges.controller.js';
import { MergesService } from './merges.service.js';

/**
 * Manual merges: the preview agents confirm, the merge itself and its progress, and its undo by a supervisor; and
 * bulk merges of many pairs, run by the worker.
 */
@Module({
  imports: [
    IdentityModule,
    MergeRepositoryModule,
    MergeUndoRepositoryModule,
    SuggestionRepositoryModule,
    BulkMergeRepositoryModule,
    BulkMergesProducerModule,
  ],
  controllers: [BulkMergesController, MergesController],
  providers: [MergesService, BulkMergesService],
})
export class MergesModule {}
