import { createHmac } from 'node:crypto';

/** A WhatsApp Cloud API delivery of one text message from `waId` (E.164 without `+`), as Meta sends it. */
export function whatsappDelivery(
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
