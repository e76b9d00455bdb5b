import { Module } from '@nestjs/common';
import { IdentityModule } from '@app/identity';
import { MergeRepositoryModule, MergeUndoRepositoryModule, SuggestionRepositoryModule } from '@app/persistence';
import { MergesController } from './merges.controller.js';
import { MergesService } from './merges.service.js';

/** Manual merges: the preview agents confirm, the merge itself and its progress, and its undo by a supervisor. */
@Module({
  imports: [IdentityModule, MergeRepositoryModule, MergeUndoRepositoryModule, SuggestionRepositoryModule],
  controllers: [MergesController],
  providers: [MergesService],
})
export class MergesModule {}
