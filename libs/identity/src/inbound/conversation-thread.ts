import { normalizePhone } from '@app/domain';
import type { InboundMessage } from '@app/channels';

export const SERVICE_WINDOW_MS = 24 * 3600 * 1000;

export interface ThreadContext {
  channelId: string;
  identityId: string;
  /** For SMS: the identity's normalized number. */
  identityAddress?: string;
}

/**
 * Where a message goes when it starts or continues its own thread: WhatsApp per (channel, identity); SMS per (our
 * number, their number); email per thread root (its first Message-ID); connectors per thread hint. Email replies
 * that continue a stored thread are found before this, by their In-Reply-To/References or plus-address token.
 */
export function defaultConversationKey(message: InboundMessage, context: ThreadContext): string {
  switch (message.channelKind) {
    case 'whatsapp':
      return `whatsapp:${context.channelId}:${context.identityId}`;
    case 'sms': {
      const ourNumber = (message.to && normalizePhone(message.to)?.value) ?? context.channelId;
      return `sms:${ourNumber}:${context.identityAddress ?? context.identityId}`;
    }
    case 'email':
      return `email:${context.channelId}:${context.identityId}:${message.externalId}`;
    case 'api':
    case 'webchat':
      return `${message.channelKind}:${context.channelId}:${context.identityId}:${message.threadHint ?? ''}`;
  }
}

/** The stored Message-IDs that may start this email's thread, the most direct first. */
export function threadCandidates(message: InboundMessage): string[] {
  if (!message.email) return [];
  const { inReplyTo, references } = message.email;
  return [...new Set([...(inReplyTo ? [inReplyTo] : []), ...[...references].reverse()])];
}

/** WhatsApp lets the business answer freely for 24 hours after the customer's message. */
export function serviceWindowExpiry(message: InboundMessage, sentAt: Date): Date | undefined {
  return message.channelKind === 'whatsapp' ? new Date(sentAt.getTime() + SERVICE_WINDOW_MS) : undefined;
}
