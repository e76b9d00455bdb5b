import { Module } from '@nestjs/common';
import {
  DeliveryRunnerModule,
  ReplySender,
  ReplySenderDependenciesModule,
  WebhookDispatchModule,
  WebhookSender,
} from '@app/outbound';
import { DeliveriesProcessor } from './deliveries.processor.js';
import { DeliveriesSchedule } from './deliveries-schedule.js';

/** The worker's deliveries: the runner with one sender per kind of delivery. */
@Module({
  imports: [
    DeliveryRunnerModule.withSenders({
      imports: [ReplySenderDependenciesModule, WebhookDispatchModule],
      senders: [ReplySender, WebhookSender],
    }),
  ],
  providers: [DeliveriesProcessor, DeliveriesSchedule],
})
export class DeliveriesModule {}
