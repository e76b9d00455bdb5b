import { Injectable } from '@nestjs/common';
import { Types } from 'mongoose';
import { plusAddressToken, type InboundMessage } from '@app/channels';
import {
  ConversationRepository,
  MessageRepository,
  parseObjectId,
  type Conversation,
  type Identity,
  type Stored,
} from '@app/persistence';
import { defaultConversationKey, serviceWindowExpiry, threadCandidates } from './conversation-thread.js';

/** A message's conversation, and whether this message opened it. */
export interface ResolvedConversation {
  conversation: Stored<Conversation>;
  opened: boolean;
}

/** Finds or opens the conversation a message belongs to, and records the message's time on it. */
@Injectable()
export class ConversationResolverService {
  constructor(
    private readonly conversations: ConversationRepository,
    private readonly messages: MessageRepository,
  ) {}

  async resolve(
    tenantId: string,
    channelId: string,
    identity: Stored<Identity>,
    message: InboundMessage,
    sentAt: Date,
  ): Promise<ResolvedConversation> {
    const key =
      (await this.continuedEmailThread(tenantId, identity, message)) ??
      defaultConversationKey(message, {
        channelId,
        identityId: identity._id.toHexString(),
        identityAddress: identity.address,
      });
    const id = new Types.ObjectId();
    const conversation = await this.conversations.recordActivity(tenantId, {
      id,
      key,
      customerId: identity.customerId,
      identityId: identity._id,
      channelId: new Types.ObjectId(channelId),
      channelKind: message.channelKind,
      ...(message.email?.subject ? { subject: message.email.subject } : {}),
      at: sentAt,
      serviceWindowExpiresAt: serviceWindowExpiry(message, sentAt),
      ...(message.from.address ? { replyAddress: message.from.address } : {}),
    });
    return { conversation, opened: conversation._id.equals(id) };
  }

  /**
   * The key of the stored thread an email continues: by In-Reply-To/References, else by the plus-address token of
   * the address it was sent to — never by subject. Only threads of the same sender count: a stranger replying to a
   * forwarded mail starts their own conversation.
   */
  private async continuedEmailThread(
    tenantId: string,
    identity: Stored<Identity>,
    message: InboundMessage,
  ): Promise<string | undefined> {
    if (message.channelKind !== 'email') return undefined;
    const candidates = threadCandidates(message);
    const byMessageId = await this.messages.conversationsOf(tenantId, candidates);
    const conversationIds = [
      ...candidates.flatMap((id) => byMessageId.get(id) ?? []),
      ...this.plusTokens(message).flatMap((token) => parseObjectId(token) ?? []),
    ];
    if (conversationIds.length === 0) return undefined;
    const threads = await this.conversations.find({
      tenantId,
      _id: { $in: conversationIds },
      identityId: identity._id,
    });
    // The most direct reference to one of the sender's threads wins (Message-IDs before plus-address tokens).
    for (const id of conversationIds) {
      const thread = threads.find((candidate) => candidate._id.equals(id));
      if (thread) return thread.key;
    }
    return undefined;
  }

  private plusTokens(message: InboundMessage): string[] {
    return [message.to, ...(message.email?.to ?? [])].flatMap((address) =>
      address ? (plusAddressToken(address) ?? []) : [],
    );
  }
}
