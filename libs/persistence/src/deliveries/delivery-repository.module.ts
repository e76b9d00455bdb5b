import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { DeliveryRepository } from './delivery.repository.js';
import { Delivery, DeliverySchema } from './delivery.schema.js';

@Module({
  imports: [MongooseModule.forFeature([{ name: Delivery.name, schema: DeliverySchema }])],
  providers: [DeliveryRepository],
  exports: [DeliveryRepository],
})
export class DeliveryRepositoryModule {}
