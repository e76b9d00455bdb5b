import type { InboundMessage } from '../inbound-message.js';
import type { ParsedEmail } from './parse-raw-email.js';

/** Attachment contents are not carried: the caller stores them and adds their URLs. */
export function emailInboundMessage(
  { messageId, from, text, date, attachments, email }: ParsedEmail,
  receivedAt: Date,
): InboundMessage {
  return {
    type: 'message',
    channelKind: 'email',
    externalId: messageId,
    from,
    to: email.to[0],
    text,
    attachments,
    email,
    messageType: 'email',
    sentAt: date ?? receivedAt.toISOString(),
  };
}
