import { Module } from '@nestjs/common';
import { WebhookDispatchModule } from '@app/outbound';
import { WebhooksController } from './webhooks.controller.js';
import { WebhooksService } from './webhooks.service.js';

/** Outbound webhooks: admins' subscriptions, their delivery log, and resuming a paused one. */
@Module({ imports: [WebhookDispatchModule], controllers: [WebhooksController], providers: [WebhooksService] })
export class WebhooksModule {}
