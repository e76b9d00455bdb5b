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

/** What one webhook call carries for a channel's business phone number. */
export interface WhatsappDelivery {
  /** Its messages and statuses, in order of appearance. */
  events: InboundEvent[];
  /** The other numbers the call has changes for, left unread (Meta signs every number of an app with one secret). */
  otherPhoneNumberIds: string[];
}

const DELIVERY_STATUSES: readonly string[] = ['sent', 'delivered', 'read', 'failed'] satisfies DeliveryStatus[];

/**
 * Every message and status of one webhook call for `phoneNumberId`. One call may carry several entries, changes,
 * messages and statuses; changes of other fields (account updates, templates…) are skipped, and so are the changes of
 * other numbers before they are read: a malformed one is not ours to refuse the call for.
 */
export function parseWhatsappWebhook(body: unknown, phoneNumberId: string): WhatsappDelivery {
  if (!isObject(body) || body.object !== 'whatsapp_business_account') {
    throw new MalformedPayloadError('not a WhatsApp Business Account webhook');
  }
  const events: InboundEvent[] = [];
  const otherPhoneNumberIds = new Set<string>();
  for (const entry of requireArray(body.entry, 'entry')) {
    for (const change of requireArray(requireObject(entry, 'entry').changes, 'entry changes')) {
      const { field, value } = requireObject(change, 'change');
      if (field !== 'messages') continue;
      const messagesValue = requireObject(value, 'change value');
      const changeNumber = requireString(
        requireObject(messagesValue.metadata, 'metadata').phone_number_id,
        'phone_number_id',
      );
      if (changeNumber === phoneNumberId) events.push(...messagesChangeEvents(messagesValue));
      else otherPhoneNumberIds.add(changeNumber);
    }
  }
  return { events, otherPhoneNumberIds: [...otherPhoneNumberIds] };
}

function messagesChangeEvents(value: JsonObject): InboundEvent[] {
  const contacts = arrayIfPresent(value.contacts, 'contacts').filter(isObject);
  const messages = arrayIfPresent(value.messages, 'messages');
  const statuses = arrayIfPresent(value.statuses, 'statuses');
  return [
    ...messages.map((message) => whatsappMessage(message, contacts)),
    ...statuses.map(whatsappStatus).filter((status) => status !== undefined),
  ];
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
