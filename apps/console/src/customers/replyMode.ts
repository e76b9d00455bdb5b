import type { ConversationSummary } from './types';

/** What an agent may send in a conversation: free text, or (WhatsApp outside its window) only a template. */
export type ReplyMode = { kind: 'text' } | { kind: 'template-only'; reason: string };

/**
 * WhatsApp takes free-form messages only within 24 hours of the customer's last message (the api refuses the rest
 * with `whatsapp_window_closed`); a template can be sent at any time. Other channels always take text.
 */
export function replyMode(
  conversation: Pick<ConversationSummary, 'channelKind' | 'serviceWindowExpiresAt'>,
  now: Date,
): ReplyMode {
  if (conversation.channelKind !== 'whatsapp') return { kind: 'text' };
  const expiresAt = conversation.serviceWindowExpiresAt;
  if (expiresAt && Date.parse(expiresAt) > now.getTime()) return { kind: 'text' };
  return {
    kind: 'template-only',
    reason: expiresAt
      ? 'The customer last wrote more than 24 hours ago: WhatsApp accepts only an approved template until they write again.'
      : 'The customer has not written on WhatsApp yet: only an approved template can start the conversation.',
  };
}

/** `a, b ,c` → the template's parameters in order (empty entries dropped). */
export function templateParameters(text: string): string[] {
  return text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
}
