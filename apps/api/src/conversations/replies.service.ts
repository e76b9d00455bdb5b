import { Injectable } from '@nestjs/common';
import { Types } from 'mongoose';
import type { UserPrincipal } from '@app/auth';
import { replyRefusal, type ReplyRefusal } from '@app/domain';
import { notFound, ProblemException } from '@app/http';
import { DeliveryStarter, replyFromAddress, replyMessageId } from '@app/outbound';
import {
  ChannelRepository,
  ConversationRepository,
  MessageRepository,
  type ChannelWithSecrets,
  type Conversation,
  type Stored,
} from '@app/persistence';
import { RealtimeEmitter } from '@app/realtime';
import type { MessageView } from './conversations.dto.js';
import { toMessageView } from './conversation-view.js';
import type { SendReplyDto } from './replies.dto.js';

const REFUSALS: Record<ReplyRefusal, (conversation: Stored<Conversation>) => ProblemException> = {
  whatsapp_window_closed: (conversation) =>
    new ProblemException(
      409,
      'whatsapp_window_closed',
      'WhatsApp takes free-form replies only within 24 hours of the customer’s last message. Send a template ' +
        'message instead (`template`: an approved template’s name, language and parameters).',
      {
        serviceWindowExpiresAt: conversation.serviceWindowExpiresAt?.toISOString() ?? null,
        remedy: 'template',
      },
    ),
  template_not_supported: () =>
    new ProblemException(400, 'template_not_supported', 'Template messages are WhatsApp’s; send text instead'),
  empty_reply: () => new ProblemException(400, 'empty_reply', 'A reply needs text or a template'),
};

/**
 * Agents' replies: stored `queued` in the conversation and handed to the worker, which sends them through the
 * conversation's own channel. The route never waits for a provider.
 */
@Injectable()
export class RepliesService {
  constructor(
    private readonly conversations: ConversationRepository,
    private readonly channels: ChannelRepository,
    private readonly messages: MessageRepository,
    private readonly deliveries: DeliveryStarter,
    private readonly realtime: RealtimeEmitter,
  ) {}

  async reply(actor: UserPrincipal, conversationId: string, dto: SendReplyDto): Promise<MessageView> {
    const conversation = await this.conversations.findById(actor.tenantId, conversationId);
    if (!conversation) throw notFound('conversation');
    const refusal = replyRefusal(
      { channelKind: conversation.channelKind, serviceWindowExpiresAt: conversation.serviceWindowExpiresAt },
      { hasText: Boolean(dto.text), hasTemplate: Boolean(dto.template) },
      new Date(),
    );
    if (refusal) throw REFUSALS[refusal](conversation);
    const channel = await this.channels.findWithSecrets(actor.tenantId, conversation.channelId.toHexString());
    if (!channel) throw notFound('channel');
    const missing = missingForReplies(channel);
    if (missing) {
      throw new ProblemException(409, 'channel_cannot_reply', `The ${channel.kind} channel lacks ${missing}`, {
        channelId: channel._id.toHexString(),
      });
    }
    // A WhatsApp conversation through Twilio: templates are sent through the Cloud API only.
    if (dto.template && channel.kind !== 'whatsapp') throw REFUSALS.template_not_supported(conversation);
    if (channel.kind === 'whatsapp' && (dto.attachments?.length ?? 0) > 1) {
      throw new ProblemException(400, 'too_many_attachments', 'A WhatsApp message carries one attachment');
    }

    const id = new Types.ObjectId();
    const message = await this.messages.insertReply({
      _id: id,
      tenantId: actor.tenantId,
      conversationId: conversation._id,
      channelId: conversation.channelId,
      direction: 'outbound',
      externalId: externalIdOf(channel, id),
      sentAt: new Date(),
      messageType: dto.template ? 'template' : 'text',
      ...(dto.text ? { text: dto.text } : {}),
      attachments: (dto.attachments ?? []).map(({ url, contentType, name }) => ({
        url,
        contentType,
        ...(name ? { name } : {}),
      })),
      ...(dto.template
        ? {
            template: {
              name: dto.template.name,
              language: dto.template.language,
              parameters: dto.template.parameters ?? [],
            },
          }
        : {}),
      authorId: new Types.ObjectId(actor.userId),
    });
    await this.deliveries.start({ tenantId: actor.tenantId, kind: 'reply', subjectId: id.toHexString() });
    await this.conversations.countMessage(actor.tenantId, conversation._id);
    this.realtime.emit(actor.tenantId, 'message.received', {
      customerId: conversation.customerId.toHexString(),
      conversationId: conversation._id.toHexString(),
      messageId: id.toHexString(),
    });
    return toMessageView(message);
  }
}

/** What a channel lacks to send replies, in words for the admin; undefined when it can. */
function missingForReplies(channel: ChannelWithSecrets): string | undefined {
  switch (channel.kind) {
    case 'whatsapp':
      return channel.secrets.accessToken ? undefined : 'an access token for replies (config.accessToken)';
    case 'sms':
      return channel.secrets.authToken && channel.settings.phoneNumber ? undefined : 'its Twilio account';
    case 'email':
      if (!replyFromAddress(channel.settings)) return 'an address to reply from';
      return channel.settings.smtp || (channel.settings.mailgunDomain && channel.secrets.mailgunApiKey)
        ? undefined
        : 'an SMTP relay or a Mailgun key for replies (config.smtp, config.mailgunApiKey)';
    case 'api':
    case 'webchat':
      return channel.settings.callbackUrl && channel.secrets.callbackSecret
        ? undefined
        : 'a callback URL for replies (config.callbackUrl, config.callbackSecret)';
  }
}

/**
 * An email reply is known by the Message-ID it is sent with (the customer's answer names it); other replies by our
 * own id until the provider takes them and gives theirs.
 */
function externalIdOf(channel: ChannelWithSecrets, id: Types.ObjectId): string {
  const from = channel.kind === 'email' ? replyFromAddress(channel.settings) : undefined;
  return from ? replyMessageId(id.toHexString(), from) : `reply:${id.toHexString()}`;
}
