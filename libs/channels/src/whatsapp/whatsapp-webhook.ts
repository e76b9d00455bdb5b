import { MalformedPayloadError } from '../errors.js';
import type { DeliveryStatus, InboundEvent, InboundStatus } from '../inbound-message.js';
import {
  arrayIfPresent,
  isObject,
  optionalArray,
  optionalString,
  requireArray,
  requireObject,
  requireString,
  type JsonObject,
} from '../payload-reading.js';
import { whatsappMessage } from './whatsapp-message.js';
import { isoFromUnixSeconds } from './whatsapp-timestamp.js';

/** The events of one business phone number: the key to route a delivery to its channel. */
export interface WhatsappDelivery {
  phoneNumberId: string;
  events: InboundEvent[];
}

const DELIVERY_STATUSES: readonly string[] = ['sent', 'delivered', 'read', 'failed'] satisfies DeliveryStatus[];

/**
 * Every message and status of one webhook call, grouped by business phone number in order of appearance. One call may
 * carry several entries, changes, messages and statuses; changes of other fields (account updates, templates…) are
 * skipped.
 */
export function parseWhatsappWebhook(body: unknown): WhatsappDelivery[] {
  if (!isObject(body) || body.object !== 'whatsapp_business_account') {
    throw new MalformedPayloadError('not a WhatsApp Business Account webhook');
  }
  const eventsByPhoneNumber = new Map<string, InboundEvent[]>();
  for (const entry of requireArray(body.entry, 'entry')) {
    for (const change of requireArray(requireObject(entry, 'entry').changes, 'entry changes')) {
      const { field, value } = requireObject(change, 'change');
      if (field !== 'messages') continue;
      const { phoneNumberId, events } = messagesChange(requireObject(value, 'change value'));
      const known = eventsByPhoneNumber.get(phoneNumberId);
      if (known) known.push(...events);
      else eventsByPhoneNumber.set(phoneNumberId, events);
    }
  }
  return [...eventsByPhoneNumber].map(([phoneNumberId, events]) => ({ phoneNumberId, events }));
}

function messagesChange(value: JsonObject): WhatsappDelivery {
  const phoneNumberId = requireString(requireObject(value.metadata, 'metadata').phone_number_id, 'phone_number_id');
  const contacts = arrayIfPresent(value.contacts, 'contacts').filter(isObject);
  const messages = arrayIfPresent(value.messages, 'messages');
  const statuses = arrayIfPresent(value.statuses, 'statuses');
  const events: InboundEvent[] = [
    ...messages.map((message) => whatsappMessage(message, contacts)),
    ...statuses.map(whatsappStatus).filter((status) => status !== undefined),
  ];
  return { phoneNumberId, events };
}

/** Statuses outside our lifecycle (`deleted`, `warning`…) are skipped. */
function whatsappStatus(value: unknown): InboundStatus | undefined {
  const status = requireObject(value, 'status');
  const state = requireString(status.status, 'status value');
  if (!isDeliveryStatus(state)) return undefined;
  return {
    type: 'status',
    channelKind: 'whatsapp',
    externalId: requireString(status.id, 'status message id'),
    status: state,
    at: isoFromUnixSeconds(status.timestamp, 'status timestamp'),
    recipient: optionalString(status.recipient_id),
    recipientUserId: optionalString(status.recipient_user_id),
    errors: optionalArray(status.errors),
  };
}

function isDeliveryStatus(value: string): value is DeliveryStatus {
  return DELIVERY_STATUSES.includes(value);
}
