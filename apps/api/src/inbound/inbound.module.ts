import { Module } from '@nestjs/common';
import { ChannelRepositoryModule } from '@app/persistence';
import { InboundProducer } from '@app/queue';
import { RedisModule } from '@app/redis';
import { ConnectorMessagesController } from './connector/connector-messages.controller.js';
import { ConnectorMessagesService } from './connector/connector-messages.service.js';
import { DnsResolverService } from './email/dns-resolver.service.js';
import { EmailIngressService } from './email/email-ingress.service.js';
import { MailgunTokensService } from './email/mailgun-tokens.service.js';
import { MailgunWebhookController } from './email/mailgun-webhook.controller.js';
import { MailgunWebhookService } from './email/mailgun-webhook.service.js';
import { SmtpIngressService } from './email/smtp-ingress.service.js';
import { IngressChannelsService } from './ingress-channels.service.js';
import { TwilioWebhookController } from './twilio/twilio-webhook.controller.js';
import { TwilioWebhookService } from './twilio/twilio-webhook.service.js';
import { WhatsappWebhookController } from './whatsapp/whatsapp-webhook.controller.js';
import { WhatsappWebhookService } from './whatsapp/whatsapp-webhook.service.js';

/** Everything that brings messages in: provider webhooks, the SMTP listener and the connector API. */
@Module({
  imports: [ChannelRepositoryModule, RedisModule],
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
    DnsResolverService,
    EmailIngressService,
    MailgunTokensService,
    MailgunWebhookService,
    SmtpIngressService,
    ConnectorMessagesService,
  ],
  exports: [SmtpIngressService],
})
export class InboundModule {}
