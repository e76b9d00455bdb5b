import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { IdentifierClaimRepository } from './identifier-claim.repository.js';
import { IdentifierClaim, IdentifierClaimSchema } from './identifier-claim.schema.js';
import { IdentifyRequestRepository } from './identify-request.repository.js';
import { IdentifyRequest, IdentifyRequestSchema } from './identify-request.schema.js';

@Module({
  imports: [
    MongooseModule.forFeature([
      { name: IdentifyRequest.name, schema: IdentifyRequestSchema },
      { name: IdentifierClaim.name, schema: IdentifierClaimSchema },
    ]),
  ],
  providers: [IdentifyRequestRepository, IdentifierClaimRepository],
  exports: [IdentifyRequestRepository, IdentifierClaimRepository],
})
export class IdentifyRequestRepositoryModule {}
