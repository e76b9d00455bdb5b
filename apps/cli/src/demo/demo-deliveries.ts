import {
  emailInboundMessage,
  parseRawEmail,
  parseTwilioWebhook,
  parseWhatsappWebhook,
  type InboundMessage,
} from '@app/channels';
import type { DemoDelivery } from './demo-story.js';

/** Our side of each demo channel: the WhatsApp number id, the SMS number, the support mailbox. */
export interface DemoChannelAddresses {
  whatsappPhoneNumberId: string;
  smsNumber: string;
  supportEmail: string;
}

/**
 * A demo delivery as its provider sends it (Meta's JSON, Twilio's form, raw RFC 5322), read by the same parsers the
 * api's webhooks use, so the worker's half gets what a real delivery would give it.
 */
export async function demoInboundMessage(
  delivery: DemoDelivery,
  ours: DemoChannelAddresses,
  now: Date,
): Promise<InboundMessage> {
  const sentAt = new Date(now.getTime() - delivery.minutesAgo * 60_000);
  switch (delivery.channel) {
    case 'whatsapp': {
      const [event] = parseWhatsappWebhook(whatsappBody(delivery, ours, sentAt), ours.whatsappPhoneNumberId).events;
      if (event?.type !== 'message') throw new Error(`demo delivery ${delivery.id} is not a WhatsApp message`);
      return event;
    }
    case 'sms':
      return parseTwilioWebhook(
        {
          MessageSid: delivery.id,
          AccountSid: `AC${'0'.repeat(31)}1`,
          From: delivery.from,
          To: ours.smsNumber,
          Body: delivery.text,
          NumMedia: '0',
        },
        sentAt,
      );
    case 'email':
      return emailInboundMessage(await parseRawEmail(rawEmail(delivery, ours, sentAt)), sentAt);
  }
}

function whatsappBody(
  delivery: Extract<DemoDelivery, { channel: 'whatsapp' }>,
  ours: DemoChannelAddresses,
  sentAt: Date,
): unknown {
  const value = {
    messaging_product: 'whatsapp',
    metadata: { display_phone_number: '15550100000', phone_number_id: ours.whatsappPhoneNumberId },
    contacts: [{ profile: { name: delivery.profileName }, wa_id: delivery.waId }],
    messages: [
      {
        from: delivery.waId,
        id: delivery.id,
        timestamp: String(Math.floor(sentAt.getTime() / 1000)),
        type: 'text',
        text: { body: delivery.text },
      },
    ],
  };
  return { object: 'whatsapp_business_account', entry: [{ id: '0', changes: [{ field: 'messages', value }] }] };
}

function rawEmail(
  delivery: Extract<DemoDelivery, { channel: 'email' }>,
  ours: DemoChannelAddresses,
  sentAt: Date,
): string {
  const reply = delivery.inReplyTo
    ? [`In-Reply-To: <${delivery.inReplyTo}>`, `References: <${delivery.inReplyTo}>`]
    : [];
  return [
    `From: ${delivery.from}`,
    `To: ${ours.supportEmail}`,
    `Subject: ${delivery.subject}`,
    `Message-ID: <${delivery.id}>`,
    ...reply,
    `Date: ${sentAt.toUTCString()}`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    delivery.text,
    '',
  ].join('\r\n');
}
