import { MalformedPayloadError } from '../errors.js';
import type { InboundMessage } from '../inbound-message.js';
import {
  optionalArray,
  optionalObject,
  optionalString,
  requireObject,
  requireString,
  type JsonObject,
} from '../payload-reading.js';
import { isoFromUnixSeconds } from './whatsapp-timestamp.js';

type MessageContent = Partial<
  Pick<InboundMessage, 'text' | 'attachments' | 'location' | 'contacts' | 'reaction' | 'choice' | 'system'>
>;

const MEDIA_TYPES = new Set(['image', 'video', 'audio', 'document', 'sticker']);

/** One entry of `value.messages`, with the sender's profile from `value.contacts`. */
export function whatsappMessage(value: unknown, contacts: JsonObject[]): InboundMessage {
  const message = requireObject(value, 'message');
  const messageType = requireString(message.type, 'message type');
  const from = optionalString(message.from);
  const fromUserId = optionalString(message.from_user_id);
  const contact = senderContact(contacts, from, fromUserId);
  return {
    type: 'message',
    channelKind: 'whatsapp',
    externalId: requireString(message.id, 'message id'),
    from: {
      address: from ?? optionalString(contact?.wa_id),
      providerUserId: fromUserId ?? optionalString(contact?.user_id),
      name: optionalString(optionalObject(contact?.profile)?.name),
    },
    attachments: [],
    ...contentOf(messageType, message),
    replyTo: optionalString(optionalObject(message.context)?.id),
    errors: optionalArray(message.errors),
    messageType,
    sentAt: isoFromUnixSeconds(message.timestamp, 'message timestamp'),
    raw: message,
  };
}

/**
 * Matched by `wa_id` or, since 2026, the business-scoped `user_id`; a message naming neither (a user known only by
 * username) belongs to the only contact of its change.
 */
function senderContact(contacts: JsonObject[], from?: string, fromUserId?: string): JsonObject | undefined {
  if (from === undefined && fromUserId === undefined) return contacts.length === 1 ? contacts[0] : undefined;
  return contacts.find(
    (contact) =>
      (from !== undefined && contact.wa_id === from) || (fromUserId !== undefined && contact.user_id === fromUserId),
  );
}

function contentOf(messageType: string, message: JsonObject): MessageContent {
  if (MEDIA_TYPES.has(messageType)) return mediaContent(requireObject(message[messageType], `${messageType} body`));
  switch (messageType) {
    case 'text':
      return { text: requireString(requireObject(message.text, 'text body').body, 'text') };
    case 'location':
      return locationContent(requireObject(message.location, 'location body'));
    case 'contacts':
      return { contacts: optionalArray(message.contacts) ?? [] };
    case 'interactive':
      return interactiveContent(requireObject(message.interactive, 'interactive body'));
    case 'button':
      return buttonContent(requireObject(message.button, 'button body'));
    case 'reaction':
      return reactionContent(requireObject(message.reaction, 'reaction body'));
    case 'system':
      return systemContent(requireObject(message.system, 'system body'));
    default:
      return {};
  }
}

function mediaContent(media: JsonObject): MessageContent {
  const attachment = {
    providerMediaId: optionalString(media.id),
    url: optionalString(media.url),
    contentType: optionalString(media.mime_type) ?? 'application/octet-stream',
    name: optionalString(media.filename),
    sha256: optionalString(media.sha256),
  };
  return { text: optionalString(media.caption), attachments: [attachment] };
}

function locationContent(location: JsonObject): MessageContent {
  const { latitude, longitude } = location;
  if (typeof latitude !== 'number' || typeof longitude !== 'number') {
    throw new MalformedPayloadError('location needs numeric latitude and longitude');
  }
  return {
    location: { latitude, longitude, name: optionalString(location.name), address: optionalString(location.address) },
  };
}

/** Button and list replies; other kinds (WhatsApp Flows answers…) stay in `raw`. */
function interactiveContent(interactive: JsonObject): MessageContent {
  const reply = optionalObject(interactive.button_reply) ?? optionalObject(interactive.list_reply);
  if (!reply) return {};
  const choice = {
    id: requireString(reply.id, 'interactive reply id'),
    title: requireString(reply.title, 'interactive reply title'),
    description: optionalString(reply.description),
  };
  return { text: choice.title, choice };
}

/** A quick-reply button of a template: `payload` is what the business attached to it. */
function buttonContent(button: JsonObject): MessageContent {
  const text = requireString(button.text, 'button text');
  const payload = optionalString(button.payload);
  return { text, choice: payload === undefined ? undefined : { id: payload, title: text } };
}

/** A removed reaction arrives without `emoji`. */
function reactionContent(reaction: JsonObject): MessageContent {
  const messageExternalId = requireString(reaction.message_id, 'reacted message id');
  return { reaction: { emoji: optionalString(reaction.emoji) ?? '', messageExternalId } };
}

/** `user_changed_number` names the new number in `wa_id` (older versions: `new_wa_id`). */
function systemContent(system: JsonObject): MessageContent {
  const kind = requireString(system.type, 'system message type');
  const newAddress = optionalString(system.new_wa_id) ?? optionalString(system.wa_id);
  return { system: { kind, newAddress, body: optionalString(system.body) } };
}
