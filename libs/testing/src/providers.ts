import { createHmac, randomBytes } from 'node:crypto';

/** A WhatsApp Cloud API delivery of one text message, as Meta sends it (`wa_id` without `+`). */
export function whatsappTextDelivery(
  phoneNumberId: string,
  waId: string,
  messageId: string,
  text = 'Does it come in another color?',
): string {
  return JSON.stringify({
    object: 'whatsapp_business_account',
    entry: [
      {
        id: '102290129340398',
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: '15550783881', phone_number_id: phoneNumberId },
              contacts: [{ profile: { name: 'Sheena Nelson' }, wa_id: waId }],
              messages: [
                {
                  from: waId,
                  id: messageId,
                  timestamp: String(Math.floor(Date.now() / 1000)),
                  type: 'text',
                  text: { body: text },
                },
              ],
            },
          },
        ],
      },
    ],
  });
}

/** `X-Hub-Signature-256` as Meta computes it, over the exact bytes sent. */
export const whatsappSignature = (body: string, appSecret: string): string =>
  `sha256=${createHmac('sha256', appSecret).update(body).digest('hex')}`;

/** The headers Meta sends a webhook body with: JSON, and its signature. */
export function whatsappHeaders(
  body: string,
  appSecret: string,
): { 'content-type': string; 'x-hub-signature-256': string } {
  return { 'content-type': 'application/json', 'x-hub-signature-256': whatsappSignature(body, appSecret) };
}

/** A plain RFC 5322 email. */
export function rawEmail(from: string, to: string, messageId: string, body = 'Where is my order 4711?'): string {
  return [
    `From: ${from}`,
    `To: ${to}`,
    'Subject: Order 4711',
    `Message-ID: <${messageId}>`,
    `Date: ${new Date().toUTCString()}`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    body,
    '',
  ].join('\r\n');
}

/** The fields of a Mailgun route forward in raw-MIME mode, signed as Mailgun signs them. */
export function mailgunMimeForm(signingKey: string, recipient: string, mime: string): Record<string, string> {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const token = randomBytes(25).toString('hex');
  return {
    recipient,
    'body-mime': mime,
    timestamp,
    token,
    signature: createHmac('sha256', signingKey)
      .update(timestamp + token)
      .digest('hex'),
  };
}
