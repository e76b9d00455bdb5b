import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { DetachRepository } from './detach.repository.js';
import { Detach, DetachSchema } from './detach.schema.js';

@Module({
  imports: [MongooseModule.forFeature([{ name: Detach.name, schema: DetachSchema }])],
  providers: [DetachRepository],
  exports: [DetachRepository],
})
export class DetachRepositoryModule {}
