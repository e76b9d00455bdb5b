import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { CustomerRepository } from './customer.repository.js';
import { Customer, CustomerSchema } from './customer.schema.js';

@Module({
  imports: [MongooseModule.forFeature([{ name: Customer.name, schema: CustomerSchema }])],
  providers: [CustomerRepository],
  exports: [CustomerRepository],
})
export class CustomerRepositoryModule {}
