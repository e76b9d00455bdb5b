import { Module } from '@nestjs/common';
import { DeliveryRunnerModule } from '@app/outbound';
import { DeliveriesProcessor } from './deliveries.processor.js';

/** The worker's deliveries: the runner with one sender per kind of delivery. */
@Module({
  imports: [DeliveryRunnerModule.withSenders({ senders: [] })],
  providers: [DeliveriesProcessor],
})
export class DeliveriesModule {}
