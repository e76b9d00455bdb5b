import { MalformedPayloadError } from '../errors.js';
import type { InboundAttachment, InboundMessage } from '../inbound-message.js';

const MESSAGE_SID = /^(?:SM|MM)[0-9a-f]{32}$/i;
const MEDIA_PARAM = /^Media(?:Url|ContentType)\d+$/;
const MAPPED_PARAMS = new Set([
  'MessageSid',
  'From',
  'To',
  'Body',
  'NumMedia',
  'ProfileName',
  'MessageType',
  'Latitude',
  'Longitude',
  'Label',
  'Address',
  'ButtonText',
  'ButtonPayload',
  'OriginalRepliedMessageSid',
]);

/**
 * An incoming SMS/MMS, or a WhatsApp message through Twilio (`From=whatsapp:+…`). Twilio's form carries no send
 * time, so the message is dated when it reached us.
 */
export function parseTwilioWebhook(params: Record<string, string>, receivedAt: Date): InboundMessage {
  const { MessageSid: externalId, From: from } = params;
  if (!externalId || !MESSAGE_SID.test(externalId)) {
    throw new MalformedPayloadError('MessageSid is missing or malformed');
  }
  if (!from) throw new MalformedPayloadError('From is missing');
  const attachments = mediaOf(params);
  return {
    type: 'message',
    channelKind: from.startsWith('whatsapp:') ? 'whatsapp' : 'sms',
    externalId,
    from: { address: from, name: params.ProfileName || undefined },
    to: params.To || undefined,
    text: params.Body || undefined,
    attachments,
    location: locationOf(params),
    choice: params.ButtonPayload ? { id: params.ButtonPayload, title: params.ButtonText ?? '' } : undefined,
    replyTo: params.OriginalRepliedMessageSid || undefined,
    messageType: params.MessageType || (attachments.length > 0 ? 'media' : 'text'),
    sentAt: receivedAt.toISOString(),
    raw: unmappedParams(params),
  };
}

function mediaOf(params: Record<string, string>): InboundAttachment[] {
  const count = params.NumMedia ?? '0';
  if (!/^\d{1,2}$/.test(count)) throw new MalformedPayloadError('NumMedia must be a number');
  return Array.from({ length: Number(count) }, (_, index) => {
    const url = params[`MediaUrl${index}`];
    if (!url) throw new MalformedPayloadError(`MediaUrl${index} is missing`);
    return { url, contentType: params[`MediaContentType${index}`] || 'application/octet-stream' };
  });
}

function locationOf(params: Record<string, string>): InboundMessage['location'] {
  const latitude = Number(params.Latitude);
  const longitude = Number(params.Longitude);
  if (!params.Latitude || !params.Longitude || !Number.isFinite(latitude) || !Number.isFinite(longitude)) {
    return undefined;
  }
  return { latitude, longitude, name: params.Label || undefined, address: params.Address || undefined };
}

/** Twilio adds parameters without notice; keep them. */
function unmappedParams(params: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(params).filter(([name]) => !MAPPED_PARAMS.has(name) && !MEDIA_PARAM.test(name)),
  );
}
