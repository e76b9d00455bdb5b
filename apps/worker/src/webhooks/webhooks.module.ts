import { Module } from '@nestjs/common';
import { WebhookDispatchModule } from '@app/outbound';
import { WebhookFeedPoller } from './webhook-feed.poller.js';

/** Turns what the product records into webhook events and hands them to subscriptions. */
@Module({ imports: [WebhookDispatchModule], providers: [WebhookFeedPoller] })
export class WebhooksModule {}
