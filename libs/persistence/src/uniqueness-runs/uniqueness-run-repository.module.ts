import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { UniquenessRunRepository } from './uniqueness-run.repository.js';
import { UniquenessRun, UniquenessRunSchema } from './uniqueness-run.schema.js';

@Module({
  imports: [MongooseModule.forFeature([{ name: UniquenessRun.name, schema: UniquenessRunSchema }])],
  providers: [UniquenessRunRepository],
  exports: [UniquenessRunRepository],
})
export class UniquenessRunRepositoryModule {}
