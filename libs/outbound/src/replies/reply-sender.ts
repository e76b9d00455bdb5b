import { Inject, Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { withTwilioConnectionOverrides, type DeliveryStatus } from '@app/channels';
import type { AppConfigService } from '@app/config';
import {
  ChannelRepository,
  ConversationRepository,
  IdentityRepository,
  MessageRepository,
  MessageStatusRepository,
  STATUS_RANK,
  type ChannelWithSecrets,
  type Conversation,
  type Delivery,
  type Message,
  type Stored,
} from '@app/persistence';
import { RealtimeEmitter, type ReplyState } from '@app/realtime';
import type { DeliverySender, SendResult } from '../delivery-sender.js';
import { cannotSend, postToProvider } from '../provider-http.js';
import { refusedUrl, RefusedAddressError } from '../webhooks/address-guard.js';
import { postJson, type PostAnswer } from '../webhooks/post-json.js';
import { callbackRequest, readCallbackAnswer, sessionOf } from './callback-reply.js';
import { emailThreading, plusAddress, replyFromAddress } from './email-reply.js';
import { sendThroughMailgun, sendThroughSmtp, type EmailReply } from './email-transports.js';
import { readTwilioAnswer, twilioRequest } from './twilio-reply.js';
import { readWhatsappAnswer, whatsappRequest } from './whatsapp-reply.js';

/** A connector that has not answered by then is tried again, as a provider would be. */
const CALLBACK_TIMEOUT_MS = 15_000;

function jsonOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** What a reply needs to leave: the message, its conversation, and the conversation's own channel. */
interface ReplyContext {
  delivery: Stored<Delivery>;
  message: Stored<Message>;
  conversation: Stored<Conversation>;
  channel: ChannelWithSecrets;
}

/**
 * Sends an agent's reply through the channel and to the address of the conversation it answers: never another
 * channel or identity of the customer (after a merge a customer has several), so the customer reads it where they
 * wrote. Once the provider took it (or refused it for good) the message says so and the consoles hear it.
 */
@Injectable()
export class ReplySender implements DeliverySender {
  readonly kind = 'reply' as const;
  private readonly logger = new Logger(ReplySender.name);

  constructor(
    private readonly messages: MessageRepository,
    private readonly statuses: MessageStatusRepository,
    private readonly conversations: ConversationRepository,
    private readonly channels: ChannelRepository,
    private readonly identities: IdentityRepository,
    private readonly realtime: RealtimeEmitter,
    @Inject(ConfigService) private readonly config: AppConfigService,
  ) {}

  async send(delivery: Stored<Delivery>): Promise<SendResult> {
    const tenantId = String(delivery.tenantId);
    const message = await this.messages.findById(tenantId, delivery.subjectId);
    if (!message) return cannotSend('the reply is gone');
    const conversation = await this.conversations.findById(tenantId, message.conversationId.toHexString());
    if (!conversation) return cannotSend('the conversation is gone');
    const channel = await this.channels.findWithSecrets(tenantId, message.channelId.toHexString());
    if (!channel) return cannotSend('the channel is gone');
    const context = { delivery, message, conversation, channel };
    switch (channel.kind) {
      case 'whatsapp':
        return this.sendWhatsapp(context);
      case 'sms':
        return this.sendSms(context);
      case 'email':
        return this.sendEmail(context);
      case 'api':
      case 'webchat':
        return this.sendToCallback(context);
    }
  }

  private async sendWhatsapp({ message, conversation, channel }: ReplyContext): Promise<SendResult> {
    const { accessToken } = channel.secrets;
    const { phoneNumberId } = channel.settings;
    if (!accessToken || !phoneNumberId) return cannotSend('the WhatsApp channel has no access token for replies');
    const to = await this.recipient(conversation, (address) => address.replace(/^\+/, ''));
    if (!to) return cannotSend('the customer has no WhatsApp number to reply to');
    const request = whatsappRequest(
      {
        apiUrl: this.config.get('WHATSAPP_API_URL', { infer: true }),
        version: this.config.get('WHATSAPP_API_VERSION', { infer: true }),
        phoneNumberId,
        accessToken,
      },
      {
        to,
        text: message.text,
        template: message.template,
        attachment: message.attachments[0]?.url
          ? {
              url: message.attachments[0].url,
              contentType: message.attachments[0].contentType,
              name: message.attachments[0].name,
            }
          : undefined,
      },
    );
    return readWhatsappAnswer(await postToProvider(request));
  }

  private async sendSms({ message, conversation, channel }: ReplyContext): Promise<SendResult> {
    const { accountSid, phoneNumber } = channel.settings;
    const { authToken } = channel.secrets;
    if (!accountSid || !phoneNumber || !authToken) return cannotSend('the SMS channel lacks its Twilio account');
    const to = await this.recipient(conversation, (address) => address);
    if (!to) return cannotSend('the customer has no number to reply to');
    const request = twilioRequest(
      { apiUrl: this.config.get('TWILIO_API_URL', { infer: true }), accountSid, authToken },
      {
        // WhatsApp through Twilio: both ends are `whatsapp:` addresses.
        from: to.startsWith('whatsapp:') ? `whatsapp:${phoneNumber}` : phoneNumber,
        to,
        text: message.text,
        mediaUrls: message.attachments.flatMap((attachment) => (attachment.url ? [attachment.url] : [])),
        // With the overrides, Twilio retries a status it could not deliver (a 503 while Redis is down).
        statusCallback: withTwilioConnectionOverrides(
          `${this.publicUrl()}/webhooks/twilio/${channel._id.toHexString()}/status`,
        ),
      },
    );
    return readTwilioAnswer(await postToProvider(request));
  }

  /**
   * Through the channel's relay, or Mailgun's API, threaded under the customer's latest message, with the
   * conversation's plus address as Reply-To so the answer comes back to this conversation.
   */
  private async sendEmail({ message, conversation, channel }: ReplyContext): Promise<SendResult> {
    const from = replyFromAddress(channel.settings);
    if (!from) return cannotSend('the email channel has no address to reply from');
    const to = await this.recipient(conversation, (address) => address);
    if (!to) return cannotSend('the customer has no email address to reply to');
    const parent = await this.messages.latestInbound(String(message.tenantId), conversation._id);
    const reply: EmailReply = {
      ...emailThreading(parent ?? undefined, conversation.subject),
      from,
      to,
      replyTo: plusAddress(from, conversation._id.toHexString()),
      messageId: message.externalId,
      text: message.text ?? '',
      attachments: message.attachments.flatMap(({ url, contentType, name }) =>
        url ? [{ url, contentType, ...(name ? { name } : {}) }] : [],
      ),
    };
    const { smtp, mailgunDomain } = channel.settings;
    if (smtp) return sendThroughSmtp({ ...smtp, password: channel.secrets.smtpPassword }, reply);
    if (mailgunDomain && channel.secrets.mailgunApiKey) {
      return sendThroughMailgun(
        {
          apiUrl: this.config.get('MAILGUN_API_URL', { infer: true }),
          apiKey: channel.secrets.mailgunApiKey,
          domain: mailgunDomain,
        },
        reply,
      );
    }
    return cannotSend('the email channel has neither an SMTP relay nor a Mailgun key for replies');
  }

  /** To the connector's callback URL, signed with the channel's callback secret. */
  private async sendToCallback({ delivery, message, conversation, channel }: ReplyContext): Promise<SendResult> {
    const { callbackUrl } = channel.settings;
    const { callbackSecret } = channel.secrets;
    if (!callbackUrl || !callbackSecret)
      return cannotSend(`the ${channel.kind} channel has no callback URL for replies`);
    const identity = await this.identities.findById(String(message.tenantId), conversation.identityId.toHexString());
    const sessionId = identity ? sessionOf(identity.key) : undefined;
    const request = callbackRequest(
      { url: callbackUrl, secret: callbackSecret, deliveryId: delivery._id.toHexString() },
      {
        messageId: message._id.toHexString(),
        conversationId: conversation._id.toHexString(),
        channelId: channel._id.toHexString(),
        recipient: {
          ...(identity?.address ? { address: conversation.replyAddress ?? identity.address } : {}),
          ...(sessionId ? { sessionId } : {}),
        },
        text: message.text,
        attachments: message.attachments.map(({ url, contentType, name }) => ({ url, contentType, name })),
        sentAt: message.sentAt,
      },
      new Date(),
    );
    // The callback URL is the tenant's: like a webhook subscription's, it may not reach our own network.
    const allowPrivate = this.config.get('ALLOW_PRIVATE_WEBHOOK_URLS', { infer: true }) === 'true';
    const refusal = await refusedUrl(request.url, allowPrivate);
    if (refusal) return cannotSend(`the callback URL is refused: ${refusal}`);
    const { 'content-type': _json, ...headers } = request.headers;
    let answer: PostAnswer;
    try {
      answer = await postJson(request.url, request.body, headers, { allowPrivate, timeoutMs: CALLBACK_TIMEOUT_MS });
    } catch (error) {
      if (error instanceof RefusedAddressError) return cannotSend(`the callback URL is refused: ${error.message}`);
      throw error;
    }
    return readCallbackAnswer(
      {
        statusCode: answer.statusCode,
        ...(answer.retryAfter ? { retryAfter: answer.retryAfter } : {}),
        json: jsonOrUndefined(answer.bodyStart),
        text: answer.bodyStart,
      },
      message._id.toHexString(),
    );
  }

  /**
   * PUBLIC_URL as the api's webhooks are signed over (what @app/config's publicUrl answers: libraries import config
   * only as types, since loading its module validates the environment).
   */
  private publicUrl(): string {
    const configured =
      this.config.get('PUBLIC_URL', { infer: true }) ?? `http://localhost:${this.config.get('PORT', { infer: true })}`;
    return configured.replace(/\/+$/, '');
  }

  /**
   * The customer's address as the provider spelled it in the conversation, else the conversation's identity's
   * normalized address (conversations stored before the spelling was kept), in the provider's form.
   */
  private async recipient(
    conversation: Stored<Conversation>,
    fromNormalized: (address: string) => string,
  ): Promise<string | undefined> {
    if (conversation.replyAddress) return conversation.replyAddress;
    const identity = await this.identities.findById(
      String(conversation.tenantId),
      conversation.identityId.toHexString(),
    );
    return identity?.address ? fromNormalized(identity.address) : undefined;
  }

  async onFinished(delivery: Stored<Delivery>): Promise<void> {
    const tenantId = String(delivery.tenantId);
    const message = await this.messages.findById(tenantId, delivery.subjectId);
    if (!message) return;
    if (delivery.status === 'delivered') {
      if (!(await this.messages.markSent(tenantId, message._id, delivery.providerId))) return;
      // A provider's status may have come before we knew its id: the latest one is what the consoles should show.
      const reported = delivery.providerId
        ? (await this.statuses.latestOf(tenantId, message.channelId, [delivery.providerId])).get(delivery.providerId)
        : undefined;
      await this.announce(message, laterOf('sent', reported));
    } else if (delivery.status === 'failed') {
      const lastAttempt = delivery.attempts.at(-1);
      const error = {
        ...(lastAttempt?.errorCode ? { code: lastAttempt.errorCode } : {}),
        message: delivery.failureReason ?? lastAttempt?.error ?? 'not sent',
      };
      if (!(await this.messages.markFailed(tenantId, message._id, error))) return;
      this.logger.warn({ messageId: message._id.toHexString(), error }, 'reply failed');
      await this.announce(message, 'failed', error);
    }
  }

  private async announce(message: Stored<Message>, status: ReplyState, error?: { code?: string; message: string }) {
    const tenantId = String(message.tenantId);
    const conversation = await this.conversations.findById(tenantId, message.conversationId.toHexString());
    if (!conversation) return;
    this.realtime.emit(tenantId, 'message.updated', {
      customerId: conversation.customerId.toHexString(),
      conversationId: conversation._id.toHexString(),
      messageId: message._id.toHexString(),
      status,
      ...(error ? { error } : {}),
    });
  }
}

function laterOf(ours: 'sent', reported: DeliveryStatus | undefined): ReplyState {
  return reported && STATUS_RANK[reported] > STATUS_RANK[ours] ? reported : ours;
}
