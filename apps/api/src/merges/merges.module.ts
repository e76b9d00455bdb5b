import { Module } from '@nestjs/common';
import { IdentityModule } from '@app/identity';
import { MergeRepositoryModule, SuggestionRepositoryModule } from '@app/persistence';
import { MergesController } from './merges.controller.js';
import { MergesService } from './merges.service.js';

/** Manual merges: the preview agents confirm, the merge itself and its progress. */
@Module({
  imports: [IdentityModule, MergeRepositoryModule, SuggestionRepositoryModule],
  controllers: [MergesController],
  providers: [MergesService],
})
export class MergesModule {}
