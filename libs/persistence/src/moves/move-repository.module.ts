import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { MoveRepository } from './move.repository.js';
import { Move, MoveSchema } from './move.schema.js';

@Module({
  imports: [MongooseModule.forFeature([{ name: Move.name, schema: MoveSchema }])],
  providers: [MoveRepository],
  exports: [MoveRepository],
})
export class MoveRepositoryModule {}
