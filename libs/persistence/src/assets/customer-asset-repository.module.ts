import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { CustomerAssetRepository } from './customer-asset.repository.js';
import { CustomerAsset, CustomerAssetSchema } from './customer-asset.schema.js';

@Module({
  imports: [MongooseModule.forFeature([{ name: CustomerAsset.name, schema: CustomerAssetSchema }])],
  providers: [CustomerAssetRepository],
  exports: [CustomerAssetRepository],
})
export class CustomerAssetRepositoryModule {}
