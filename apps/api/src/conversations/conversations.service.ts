import { Injectable } from '@nestjs/common';
import { Types } from 'mongoose';
import type { UserPrincipal } from '@app/auth';
import type { DeliveryStatus } from '@app/channels';
import { notFound } from '@app/http';
import { BlobNotFoundError, BlobStorage } from '@app/storage';
import {
  ConversationRepository,
  mapPage,
  MessageRepository,
  MessageStatusRepository,
  type MessageListing,
} from '@app/persistence';
import type { MessageList, MessagesQueryDto } from './conversations.dto.js';
import { toMessageView } from './conversation-view.js';
import { pageRequest } from '../paging/page-query.dto.js';

@Injectable()
export class ConversationsService {
  constructor(
    private readonly conversations: ConversationRepository,
    private readonly messages: MessageRepository,
    private readonly statuses: MessageStatusRepository,
    private readonly storage: BlobStorage,
  ) {}

  /** The bytes of attachment `index` of a message of the conversation, with its description; 404 when none. */
  async attachmentOf(
    actor: UserPrincipal,
    conversationId: string,
    messageId: string,
    index: number,
  ): Promise<{ content: Buffer; contentType: string; name?: string }> {
    const conversation = await this.conversations.findById(actor.tenantId, conversationId);
    if (!conversation || !Types.ObjectId.isValid(messageId)) throw notFound('attachment');
    const message = await this.messages.findOne({
      tenantId: actor.tenantId,
      conversationId: conversation._id,
      _id: new Types.ObjectId(messageId),
    });
    const attachment = message?.attachments?.[index];
    if (!attachment?.storageKey) throw notFound('attachment');
    const content = await this.storage.get(attachment.storageKey).catch((error: unknown) => {
      throw error instanceof BlobNotFoundError ? notFound('attachment') : error;
    });
    return { content, contentType: attachment.contentType, name: attachment.name };
  }

  async messagesOf(actor: UserPrincipal, id: string, query: MessagesQueryDto): Promise<MessageList> {
    const page = pageRequest(query, true);
    const conversation = await this.conversations.findById(actor.tenantId, id);
    if (!conversation) throw notFound('conversation');
    const direction = query.order === 'desc' ? -1 : 1;
    const messages = await this.messages.pageOfConversation(actor.tenantId, conversation._id, direction, page);
    const statuses = await this.statusesOf(actor.tenantId, messages.items);
    return mapPage(messages, (message) => toMessageView(message, statuses.get(message._id.toHexString())));
  }

  /** The latest delivery status of the page's outbound messages (one query per channel; a conversation has one). */
  private async statusesOf(tenantId: string, messages: MessageListing[]): Promise<Map<string, DeliveryStatus>> {
    const outbound = messages.filter((message) => message.direction === 'outbound');
    const byChannel = new Map<string, MessageListing[]>();
    for (const message of outbound) {
      const key = message.channelId.toHexString();
      byChannel.set(key, [...(byChannel.get(key) ?? []), message]);
    }
    const statuses = new Map<string, DeliveryStatus>();
    for (const listed of byChannel.values()) {
      const latest = await this.statuses.latestOf(
        tenantId,
        listed[0].channelId,
        listed.map((message) => message.externalId),
      );
      for (const message of listed) {
        const status = latest.get(message.externalId);
        if (status) statuses.set(message._id.toHexString(), status);
      }
    }
    return statuses;
  }
}
