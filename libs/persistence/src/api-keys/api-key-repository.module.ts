import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { ApiKeyRepository } from './api-key.repository.js';
import { ApiKey, ApiKeySchema } from './api-key.schema.js';

@Module({
  imports: [MongooseModule.forFeature([{ name: ApiKey.name, schema: ApiKeySchema }])],
  providers: [ApiKeyRepository],
  exports: [ApiKeyRepository],
})
export class ApiKeyRepositoryModule {}
