import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { BulkMergeRepository } from './bulk-merge.repository.js';
import { BulkMerge, BulkMergeSchema } from './bulk-merge.schema.js';

@Module({
  imports: [MongooseModule.forFeature([{ name: BulkMerge.name, schema: BulkMergeSchema }])],
  providers: [BulkMergeRepository],
  exports: [BulkMergeRepository],
})
export class BulkMergeRepositoryModule {}
