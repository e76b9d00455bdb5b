import { Module } from '@nestjs/common';
import { DeliveryRunnerModule, WebhookDispatchModule, WebhookSender } from '@app/outbound';
import { DeliveriesProcessor } from './deliveries.processor.js';

/** The worker's deliveries: the runner with one sender per kind of delivery. */
@Module({
  imports: [DeliveryRunnerModule.withSenders({ imports: [WebhookDispatchModule], senders: [WebhookSender] })],
  providers: [DeliveriesProcessor],
})
export class DeliveriesModule {}
