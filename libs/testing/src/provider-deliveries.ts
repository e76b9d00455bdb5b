import { createHmac, randomBytes } from 'node:crypto';
import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks.js';
import { multipartBody } from './fuzzing.js';
import { rawEmail, whatsappHeaders, whatsappTextDelivery } from './providers.js';

/** A provider's POST as it reaches the api: path, headers and the exact bytes signed. */
export interface Delivery {
  path: string;
  headers: Record<string, string>;
  body: string | Buffer;
}

/** A WhatsApp text message from `waId`, signed with the channel's app secret. */
export function whatsappDelivery(
  channel: { id: string; phoneNumberId: string; appSecret: string },
  waId: string,
  messageId: string,
): Delivery {
  const body = whatsappTextDelivery(channel.phoneNumberId, waId, messageId);
  return { path: `/webhooks/whatsapp/${channel.id}`, headers: whatsappHeaders(body, channel.appSecret), body };
}

/** A Twilio SMS from `from`, signed over the public URL the api is configured with. */
export function twilioDelivery(
  channel: { id: string; accountSid: string; authToken: string; phoneNumber: string },
  publicUrl: string,
  from: string,
  messageSid: string,
): Delivery {
  const path = `/webhooks/twilio/${channel.id}`;
  const params = {
    MessageSid: messageSid,
    SmsMessageSid: messageSid,
    AccountSid: channel.accountSid,
    From: from,
    To: channel.phoneNumber,
    Body: 'Is my order shipped?',
    NumMedia: '0',
    NumSegments: '1',
    SmsStatus: 'received',
    ApiVersion: '2010-04-01',
  };
  const signature = getExpectedTwilioSignature(channel.authToken, `${publicUrl.replace(/\/$/, '')}${path}`, params);
  return {
    path,
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
    body: new URLSearchParams(params).toString(),
  };
}

/**
 * A Mailgun raw-MIME forward of an email with `messageId`, with a fresh signature token (as each of Mailgun's
 * attempts has) and `timestamp` (now unless told); `verdict` adds Mailgun's form fields of its checks
 * (`{ 'X-Mailgun-Dkim-Check-Result': 'Pass' }` for a sender that proved its address).
 */
export function mailgunDelivery(
  channel: { id: string; address: string; signingKey: string },
  from: string,
  messageId: string,
  {
    token = randomBytes(25).toString('hex'),
    timestamp = Math.floor(Date.now() / 1000),
    verdict = {},
  }: { token?: string; timestamp?: number; verdict?: Record<string, string> } = {},
): Delivery {
  const stamp = String(timestamp);
  const fields = {
    ...verdict,
    recipient: channel.address,
    'body-mime': rawEmail(from, channel.address, messageId),
    timestamp: stamp,
    token,
    signature: createHmac('sha256', channel.signingKey)
      .update(stamp + token)
      .digest('hex'),
  };
  const boundary = `----delivery${randomBytes(8).toString('hex')}`;
  return {
    path: `/webhooks/mailgun/${channel.id}/mime`,
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    body: multipartBody(fields, boundary),
  };
}

/** Posts a delivery with the runtime's fetch (pooled connections); answers the status and text. */
export async function postDelivery(apiUrl: string, delivery: Delivery): Promise<{ status: number; text: string }> {
  const response = await fetch(`${apiUrl}${delivery.path}`, {
    method: 'POST',
    headers: delivery.headers,
    body: delivery.body,
  });
  return { status: response.status, text: await response.text() };
}
