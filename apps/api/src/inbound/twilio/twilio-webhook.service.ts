import { Inject, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { parseTwilioStatusCallback, parseTwilioWebhook, verifyTwilioSignature, type InboundEvent } from '@app/channels';
import { publicUrl, type AppConfigService } from '@app/config';
import { ProblemException } from '@app/http';
import { InboundProducer } from '@app/queue';
import { inboundJobs } from '../ingress-channel.js';
import { IngressChannelsService } from '../ingress-channels.service.js';
import { invalidSignature } from '../signature-errors.js';
import { twilioParams } from './twilio-params.js';

export interface TwilioDeliveryRequest {
  channelId: string;
  /** Path and query as received; Twilio signed them behind the public URL. */
  originalUrl: string;
  rawBody: Buffer | undefined;
  signature: string | undefined;
}

@Injectable()
export class TwilioWebhookService {
  private readonly publicUrl: string;

  constructor(
    private readonly channels: IngressChannelsService,
    private readonly producer: InboundProducer,
    @Inject(ConfigService) config: AppConfigService,
  ) {
    this.publicUrl = publicUrl(config);
  }

  /** An incoming message. */
  async receive(delivery: TwilioDeliveryRequest): Promise<void> {
    await this.accept(delivery, (params, receivedAt) => parseTwilioWebhook(params, receivedAt));
  }

  /** A status of one of our replies (the `StatusCallback` the reply named); statuses before `sent` are dropped. */
  async receiveStatus(delivery: TwilioDeliveryRequest): Promise<void> {
    await this.accept(delivery, (params, receivedAt) => parseTwilioStatusCallback(params, receivedAt));
  }

  private async accept(
    { channelId, originalUrl, rawBody, signature }: TwilioDeliveryRequest,
    parse: (params: Record<string, string>, receivedAt: Date) => InboundEvent | undefined,
  ): Promise<void> {
    const channel = await this.channels.forWebhook(channelId, 'sms');
    const params = twilioParams(rawBody);
    const url = `${this.publicUrl}${originalUrl}`;
    if (!verifyTwilioSignature(channel.secrets.authToken ?? '', url, params, signature)) throw invalidSignature();
    // Signed with this channel's token yet from another account: a misrouted number, authenticated but not ours.
    if (params.AccountSid !== channel.settings.accountSid) {
      throw new ProblemException(403, 'account_mismatch', "The message's AccountSid is not this channel's account");
    }
    const receivedAt = new Date();
    const event = parse(params, receivedAt);
    if (event) await this.producer.enqueue(inboundJobs(channel, [event], receivedAt));
  }
}
