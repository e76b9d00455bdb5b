import { Module } from '@nestjs/common';
import { BulkMergesModule, IdentityModule } from '@app/identity';
import { JournalJobsProducerModule } from '@app/queue';
import { BulkMergesProcessor } from './merges/bulk-merges.processor.js';
import { MergesProcessor } from './merges/merges.processor.js';
import { OperationsResumer } from './merges/operations-resumer.js';
import { SuggestionsProcessor } from './suggestions/suggestions.processor.js';

@Module({
  imports: [IdentityModule, BulkMergesModule, JournalJobsProducerModule],
  providers: [SuggestionsProcessor, MergesProcessor, BulkMergesProcessor, OperationsResumer],
})
export class IdentityJobsModule {}
