import { Module } from '@nestjs/common';
import { IdentityModule } from '@app/identity';
import { DetachRepositoryModule, MergeRepositoryModule, MergeUndoRepositoryModule } from '@app/persistence';
import { DetachResumer } from './merges/detach-resumer.js';
import { MergeResumer } from './merges/merge-resumer.js';
import { MergeUndoResumer } from './merges/merge-undo-resumer.js';
import { MergesProcessor } from './merges/merges.processor.js';
import { SuggestionsProcessor } from './suggestions/suggestions.processor.js';

@Module({
  imports: [IdentityModule, MergeRepositoryModule, DetachRepositoryModule, MergeUndoRepositoryModule],
  providers: [SuggestionsProcessor, MergesProcessor, MergeResumer, DetachResumer, MergeUndoResumer],
})
export class IdentityJobsModule {}
