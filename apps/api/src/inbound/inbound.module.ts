import { Module } from '@nestjs/common';
import { InboundProducer } from '@app/queue';
import { IngressChannelsService } from './ingress-channels.service.js';
import { IngressErrorsInterceptor } from './ingress-errors.interceptor.js';
import { TwilioWebhookController } from './twilio/twilio-webhook.controller.js';
import { TwilioWebhookService } from './twilio/twilio-webhook.service.js';
import { WhatsappWebhookController } from './whatsapp/whatsapp-webhook.controller.js';
import { WhatsappWebhookService } from './whatsapp/whatsapp-webhook.service.js';

/** Everything that brings messages in: provider webhooks, the SMTP listener and the connector API. */
@Module({
  controllers: [WhatsappWebhookController, TwilioWebhookController],
  providers: [
    InboundProducer,
    IngressChannelsService,
    IngressErrorsInterceptor,
    WhatsappWebhookService,
    TwilioWebhookService,
  ],
})
export class InboundModule {}
