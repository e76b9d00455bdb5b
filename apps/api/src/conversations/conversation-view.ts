import type { DeliveryStatus } from '@app/channels';
import type { Conversation, MessageListing, Stored } from '@app/persistence';
import type { ConversationSummary, MessageView } from './conversations.dto.js';

export function toConversationSummary(conversation: Stored<Conversation>): ConversationSummary {
  return {
    id: conversation._id.toHexString(),
    customerId: conversation.customerId.toHexString(),
    identityId: conversation.identityId.toHexString(),
    channelId: conversation.channelId.toHexString(),
    channelKind: conversation.channelKind,
    subject: conversation.subject ?? null,
    lastMessageAt: conversation.lastMessageAt.toISOString(),
    serviceWindowExpiresAt: conversation.serviceWindowExpiresAt?.toISOString() ?? null,
    createdAt: conversation.createdAt.toISOString(),
  };
}

export function toMessageView(message: MessageListing, status?: DeliveryStatus): MessageView {
  const { email } = message;
  return {
    id: message._id.toHexString(),
    conversationId: message.conversationId.toHexString(),
    channelId: message.channelId.toHexString(),
    direction: message.direction,
    externalId: message.externalId,
    sentAt: message.sentAt.toISOString(),
    messageType: message.messageType,
    text: message.text,
    attachments: message.attachments ?? [],
    location: message.location,
    reaction: message.reaction,
    choice: message.choice,
    contacts: message.contacts,
    system: message.system,
    replyTo: message.replyTo,
    email: email && { subject: email.subject, to: email.to ?? [], cc: email.cc ?? [] },
    ...(status ? { status } : {}),
  };
}
