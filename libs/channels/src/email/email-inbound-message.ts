import type { InboundMessage } from '../inbound-message.js';
import { limitBody, MAX_EMAIL_BODY_BYTES } from './body-limit.js';
import type { ParsedEmail } from './parse-raw-email.js';

/**
 * Attachment contents are not carried: the caller stores them and adds their storage keys. A text or HTML body over
 * `bodyLimitBytes` is cut, the message marked `truncated` with the original size.
 */
export function emailInboundMessage(
  { messageId, from, text, date, attachments, email }: ParsedEmail,
  receivedAt: Date,
  bodyLimitBytes = MAX_EMAIL_BODY_BYTES,
): InboundMessage {
  const limitedText = text === undefined ? undefined : limitBody(text, bodyLimitBytes);
  const limitedHtml = email.html === undefined ? undefined : limitBody(email.html, bodyLimitBytes);
  const cut = [limitedText, limitedHtml].filter((body) => body?.truncated);
  return {
    type: 'message',
    channelKind: 'email',
    externalId: messageId,
    from,
    to: email.to[0],
    text: limitedText?.value,
    attachments,
    email: limitedHtml ? { ...email, html: limitedHtml.value } : email,
    messageType: 'email',
    sentAt: date ?? receivedAt.toISOString(),
    ...(cut.length > 0 ? { truncated: true, originalSize: Math.max(...cut.map((body) => body?.bytes ?? 0)) } : {}),
  };
}
