import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { IdentifyRequestRepository } from './identify-request.repository.js';
import { IdentifyRequest, IdentifyRequestSchema } from './identify-request.schema.js';

@Module({
  imports: [MongooseModule.forFeature([{ name: IdentifyRequest.name, schema: IdentifyRequestSchema }])],
  providers: [IdentifyRequestRepository],
  exports: [IdentifyRequestRepository],
})
export class IdentifyRequestRepositoryModule {}
