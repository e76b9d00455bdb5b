import type { InboundMessage } from '../inbound-message.js';
import type { ParsedEmail } from './parse-raw-email.js';

/** Attachment contents are not carried: the caller stores them and adds their URLs. */
export function emailInboundMessage(email: ParsedEmail, receivedAt: Date): InboundMessage {
  return {
    type: 'message',
    channelKind: 'email',
    externalId: email.messageId,
    from: { address: email.from.address, name: email.from.name },
    to: email.to[0],
    text: email.text,
    attachments: email.attachments.map(({ filename, contentType, size, checksum }) => ({
      contentType,
      name: filename,
      sha256: checksum,
      size,
    })),
    email: {
      subject: email.subject,
      html: email.html,
      inReplyTo: email.inReplyTo,
      references: email.references,
      to: email.to,
      cc: email.cc,
      autoReply: email.isAutoReply,
    },
    messageType: 'email',
    sentAt: email.date ?? receivedAt.toISOString(),
  };
}
