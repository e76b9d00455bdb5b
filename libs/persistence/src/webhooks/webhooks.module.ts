import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { Delivery, DeliverySchema } from '../deliveries/delivery.schema.js';
import { WebhookDeliveryRepository } from './webhook-delivery.repository.js';
import { WebhookEventRepository } from './webhook-event.repository.js';
import { WebhookEvent, WebhookEventSchema, WebhookFeed, WebhookFeedSchema } from './webhook-event.schema.js';
import { WebhookSubscriptionRepository } from './webhook-subscription.repository.js';
import { WebhookSubscription, WebhookSubscriptionSchema } from './webhook-subscription.schema.js';

/** Subscriptions, the events outbox and feed, and the webhook side of deliveries. */
@Module({
  imports: [
    MongooseModule.forFeature([
      { name: WebhookSubscription.name, schema: WebhookSubscriptionSchema },
      { name: WebhookEvent.name, schema: WebhookEventSchema },
      { name: WebhookFeed.name, schema: WebhookFeedSchema },
      { name: Delivery.name, schema: DeliverySchema },
    ]),
  ],
  providers: [WebhookSubscriptionRepository, WebhookEventRepository, WebhookDeliveryRepository],
  exports: [WebhookSubscriptionRepository, WebhookEventRepository, WebhookDeliveryRepository],
})
export class WebhookRepositoriesModule {}
