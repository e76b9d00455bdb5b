import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { MergeUndoRepository } from './merge-undo.repository.js';
import { MergeUndo, MergeUndoSchema } from './merge-undo.schema.js';

@Module({
  imports: [MongooseModule.forFeature([{ name: MergeUndo.name, schema: MergeUndoSchema }])],
  providers: [MergeUndoRepository],
  exports: [MergeUndoRepository],
})
export class MergeUndoRepositoryModule {}
