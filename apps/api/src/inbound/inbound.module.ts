import { Module } from '@nestjs/common';
import { EmailIngressService } from '@app/identity';
import { ChannelRepositoryModule } from '@app/persistence';
import { InboundProducer } from '@app/queue';
import { RedisModule } from '@app/redis';
import { StorageModule } from '@app/storage';
import { ConnectorMessagesController } from './connector/connector-messages.controller.js';
import { ConnectorMessagesService } from './connector/connector-messages.service.js';
import { MailgunTokensService } from './email/mailgun-tokens.service.js';
import { MailgunWebhookController } from './email/mailgun-webhook.controller.js';
import { MailgunWebhookService } from './email/mailgun-webhook.service.js';
import { IngressChannelsService } from './ingress-channels.service.js';
import { TwilioWebhookController } from './twilio/twilio-webhook.controller.js';
import { TwilioWebhookService } from './twilio/twilio-webhook.service.js';
import { WhatsappWebhookController } from './whatsapp/whatsapp-webhook.controller.js';
import { WhatsappWebhookService } from './whatsapp/whatsapp-webhook.service.js';

/** Everything that brings messages in over HTTP: provider webhooks and the connector API (SMTP is the worker's). */
@Module({
  imports: [ChannelRepositoryModule, RedisModule, StorageModule],
  controllers: [
    WhatsappWebhookController,
    TwilioWebhookController,
    MailgunWebhookController,
    ConnectorMessagesController,
  ],
  providers: [
    InboundProducer,
    IngressChannelsService,
    WhatsappWebhookService,
    TwilioWebhookService,
    EmailIngressService,
    MailgunTokensService,
    MailgunWebhookService,
    ConnectorMessagesService,
  ],
})
export class InboundModule {}
