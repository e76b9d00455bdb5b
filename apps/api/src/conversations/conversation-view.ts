import type { DeliveryStatus } from '@app/channels';
import { STATUS_RANK, type Conversation, type MessageListing, type Stored } from '@app/persistence';
import type { ReplyState } from '@app/realtime';
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

/** Ours until the provider took the reply; then the provider's latest report, unless ours is further (failed). */
function replyState(message: MessageListing, reported: DeliveryStatus | undefined): ReplyState | undefined {
  if (message.status === 'queued' || message.status === 'failed') return message.status;
  if (!reported) return message.status;
  return message.status && STATUS_RANK[message.status] > STATUS_RANK[reported] ? message.status : reported;
}

export function toMessageView(message: MessageListing, reported?: DeliveryStatus): MessageView {
  const { email } = message;
  const status = replyState(message, reported);
  return {
    id: message._id.toHexString(),
    conversationId: message.conversationId.toHexString(),
    channelId: message.channelId.toHexString(),
    direction: message.direction,
    externalId: message.externalId,
    sentAt: message.sentAt.toISOString(),
    messageType: message.messageType,
    text: message.text,
    ...(message.truncated ? { truncated: true, originalSize: message.originalSize } : {}),
    // Where the bytes are stored is ours to know; the route that serves them finds them.
    attachments: (message.attachments ?? []).map(({ storageKey, ...attachment }) =>
      storageKey ? { ...attachment, downloadable: true } : attachment,
    ),
    location: message.location,
    reaction: message.reaction,
    choice: message.choice,
    contacts: message.contacts,
    system: message.system,
    replyTo: message.replyTo,
    email: email && { subject: email.subject, to: email.to ?? [], cc: email.cc ?? [] },
    ...(status ? { status } : {}),
    ...(message.error ? { error: message.error } : {}),
    ...(message.template ? { template: message.template } : {}),
    ...(message.authorId ? { authorId: message.authorId.toHexString() } : {}),
  };
}
