import { Module } from '@nestjs/common';
import { IdentityModule } from '@app/identity';
import { JournalJobsProducerModule } from '@app/queue';
import { MergesProcessor } from './merges/merges.processor.js';
import { OperationsResumer } from './merges/operations-resumer.js';
import { SuggestionsProcessor } from './suggestions/suggestions.processor.js';

@Module({
  imports: [IdentityModule, JournalJobsProducerModule],
  providers: [SuggestionsProcessor, MergesProcessor, OperationsResumer],
})
export class IdentityJobsModule {}
