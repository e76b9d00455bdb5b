import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { IdentifierOwnerRepository, IdentityRepository } from './identity.repository.js';
import { IdentifierOwner, IdentifierOwnerSchema, Identity, IdentitySchema } from './identity.schema.js';

@Module({
  imports: [
    MongooseModule.forFeature([
      { name: Identity.name, schema: IdentitySchema },
      { name: IdentifierOwner.name, schema: IdentifierOwnerSchema },
    ]),
  ],
  providers: [IdentityRepository, IdentifierOwnerRepository],
  exports: [IdentityRepository, IdentifierOwnerRepository],
})
export class IdentityRepositoryModule {}
