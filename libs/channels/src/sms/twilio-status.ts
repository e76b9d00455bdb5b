import type { DeliveryStatus, InboundStatus } from '../inbound-message.js';
import { MalformedPayloadError } from '../errors.js';

const MESSAGE_SID = /^(?:SM|MM)[0-9a-f]{32}$/i;

/** Twilio's message statuses that are news to us; the steps before `sent` (queued, sending, accepted…) are not. */
const STATUS_OF: Record<string, DeliveryStatus> = {
  sent: 'sent',
  delivered: 'delivered',
  read: 'read',
  undelivered: 'failed',
  failed: 'failed',
  canceled: 'failed',
};

/**
 * A status callback of one of our messages (`StatusCallback` of the send): its SID and where it stands, dated when
 * it reached us (the form carries no time). Undefined for a status we do not track.
 */
export function parseTwilioStatusCallback(params: Record<string, string>, receivedAt: Date): InboundStatus | undefined {
  const externalId = params.MessageSid ?? params.SmsSid;
  if (!externalId || !MESSAGE_SID.test(externalId))
    throw new MalformedPayloadError('MessageSid is missing or malformed');
  const reported = params.MessageStatus ?? params.SmsStatus;
  if (!reported) throw new MalformedPayloadError('MessageStatus is missing');
  const status = STATUS_OF[reported];
  if (!status) return undefined;
  return {
    type: 'status',
    channelKind: params.From?.startsWith('whatsapp:') ? 'whatsapp' : 'sms',
    externalId,
    status,
    at: receivedAt.toISOString(),
    ...(params.To ? { recipient: params.To } : {}),
    ...(params.ErrorCode
      ? { errors: [{ code: params.ErrorCode, ...(params.ErrorMessage ? { message: params.ErrorMessage } : {}) }] }
      : {}),
  };
}
