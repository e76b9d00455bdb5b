import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { TenantRepository } from './tenant.repository.js';
import { Tenant, TenantSchema } from './tenant.schema.js';

@Module({
  imports: [MongooseModule.forFeature([{ name: Tenant.name, schema: TenantSchema }])],
  providers: [TenantRepository],
  exports: [TenantRepository],
})
export class TenantRepositoryModule {}
