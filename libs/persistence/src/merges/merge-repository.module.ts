import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { MergeLockRepository, MergeRepository } from './merge.repository.js';
import { Merge, MergeLock, MergeLockSchema, MergeSchema } from './merge.schema.js';

@Module({
  imports: [
    MongooseModule.forFeature([
      { name: Merge.name, schema: MergeSchema },
      { name: MergeLock.name, schema: MergeLockSchema },
    ]),
  ],
  providers: [MergeRepository, MergeLockRepository],
  exports: [MergeRepository, MergeLockRepository],
})
export class MergeRepositoryModule {}
