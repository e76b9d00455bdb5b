import { Module } from '@nestjs/common';
import { IdentityModule } from '@app/identity';
import { MergeRepositoryModule } from '@app/persistence';
import { MergeResumer } from './merges/merge-resumer.js';
import { MergesProcessor } from './merges/merges.processor.js';
import { SuggestionsProcessor } from './suggestions/suggestions.processor.js';

@Module({
  imports: [IdentityModule, MergeRepositoryModule],
  providers: [SuggestionsProcessor, MergesProcessor, MergeResumer],
})
export class IdentityJobsModule {}
