import { Injectable, Logger } from '@nestjs/common';
import { parseWhatsappWebhook, verifyWhatsappHandshake, verifyWhatsappSignature } from '@app/channels';
import { ProblemException } from '@app/http';
import { InboundProducer } from '@app/queue';
import { inboundJobs } from '../ingress-channel.js';
import { IngressChannelsService } from '../ingress-channels.service.js';
import { invalidSignature } from '../signature-errors.js';

export interface WhatsappDeliveryRequest {
  channelId: string;
  rawBody: Buffer | undefined;
  signature: string | undefined;
  body: unknown;
}

@Injectable()
export class WhatsappWebhookService {
  private readonly logger = new Logger('WhatsappWebhook');

  constructor(
    private readonly channels: IngressChannelsService,
    private readonly producer: InboundProducer,
  ) {}

  /** Meta's subscription handshake: the challenge to echo back. */
  async handshake(channelId: string, query: Record<string, unknown>): Promise<string> {
    const channel = await this.channels.forWebhook(channelId, 'whatsapp');
    const challenge = verifyWhatsappHandshake(query, channel.secrets.verifyToken ?? '');
    if (challenge === undefined) {
      throw new ProblemException(403, 'verification_failed', 'The verify token does not match');
    }
    return challenge;
  }

  /** Verifies one delivery over the bytes received and queues every message and status of this channel's number. */
  async receive({ channelId, rawBody, signature, body }: WhatsappDeliveryRequest): Promise<void> {
    const channel = await this.channels.forWebhook(channelId, 'whatsapp');
    if (!rawBody || !verifyWhatsappSignature(rawBody, signature, channel.secrets.appSecret ?? '')) {
      throw invalidSignature();
    }
    const receivedAt = new Date();
    // Every whatsapp channel is created with its number; without one, it would receive nothing.
    const { events, otherPhoneNumberIds } = parseWhatsappWebhook(body, channel.settings.phoneNumberId ?? '');
    if (otherPhoneNumberIds.length > 0) {
      // Meta signs every number of the app with the same secret: another channel's traffic is not ours to queue.
      this.logger.warn(
        `ignored the changes for phone number id(s) ${otherPhoneNumberIds.join(', ')} on channel ${channel.id}`,
      );
    }
    await this.producer.enqueue(inboundJobs(channel, events, receivedAt));
  }
}
