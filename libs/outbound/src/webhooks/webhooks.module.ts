import { Module } from '@nestjs/common';
import {
  AuditRepositoryModule,
  CustomerRepositoryModule,
  DeliveryRepositoryModule,
  WebhookRepositoriesModule,
} from '@app/persistence';
import { WebhookDeliveriesProducerModule } from '@app/queue';
import { WebhookDispatch } from './webhook-dispatch.js';
import { WebhookFeed } from './webhook-feed.js';

/**
 * Webhooks' outbox and dispatch: for the api (resume) and the worker (the feed, and the sender it registers with
 * `DeliveryRunnerModule.withSenders({ imports: [WebhookDispatchModule], senders: [WebhookSender] })`).
 */
@Module({
  imports: [
    WebhookRepositoriesModule,
    DeliveryRepositoryModule,
    AuditRepositoryModule,
    CustomerRepositoryModule,
    WebhookDeliveriesProducerModule,
  ],
  providers: [WebhookDispatch, WebhookFeed],
  exports: [WebhookDispatch, WebhookFeed, WebhookRepositoriesModule, DeliveryRepositoryModule],
})
export class WebhookDispatchModule {}
