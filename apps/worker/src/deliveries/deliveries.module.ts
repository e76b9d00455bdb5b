import { Module } from '@nestjs/common';
import { DeliveryRunnerModule, ReplySender, ReplySenderDependenciesModule } from '@app/outbound';
import { DeliveriesProcessor } from './deliveries.processor.js';
import { DeliveriesSchedule } from './deliveries-schedule.js';

/** The worker's deliveries: the runner with one sender per kind of delivery. */
@Module({
  imports: [DeliveryRunnerModule.withSenders({ imports: [ReplySenderDependenciesModule], senders: [ReplySender] })],
  providers: [DeliveriesProcessor, DeliveriesSchedule],
})
export class DeliveriesModule {}
