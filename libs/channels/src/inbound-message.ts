import type { ChannelKind } from '@app/domain';

export interface InboundSender {
  /** As the provider sent it (`16505551234`, `whatsapp:+1…`, `Ann <ann@…>`): normalizing is identity's job. */
  address?: string;
  /** An anonymous session (webchat, connector without address). */
  sessionId?: string;
  name?: string;
  /** A provider's own id for the person, e.g. WhatsApp's business-scoped `user_id`. */
  providerUserId?: string;
}

export interface InboundAttachment {
  /** Media to fetch from the provider later (WhatsApp media id). */
  providerMediaId?: string;
  url?: string;
  contentType: string;
  name?: string;
  sha256?: string;
  /** Bytes. */
  size?: number;
  /** An email part's Content-ID (without angle brackets), which its HTML may name as `cid:`. */
  contentId?: string;
  /** Where the bytes are in the blob storage (email attachments). */
  storageKey?: string;
}

export interface InboundLocation {
  latitude: number;
  longitude: number;
  name?: string;
  address?: string;
}

export interface InboundReaction {
  /** Empty when the reaction was removed. */
  emoji: string;
  messageExternalId: string;
}

/** A tapped button or list row: `title` is what the person saw, `id` what the business attached to it. */
export interface InboundChoice {
  id: string;
  title: string;
  description?: string;
}

export interface InboundSystemNotice {
  kind: string;
  /** The sender's new address after `user_changed_number`. */
  newAddress?: string;
  body?: string;
}

/** What email threading, filtering and display need beyond the common fields. */
export interface InboundEmailDetails {
  subject?: string;
  html?: string;
  inReplyTo?: string;
  /** Oldest first, as in the header. */
  references: string[];
  to: string[];
  cc: string[];
}

export interface InboundMessage {
  type: 'message';
  channelKind: ChannelKind;
  /** The provider's message id: the dedupe key. */
  externalId: string;
  from: InboundSender;
  to?: string;
  text?: string;
  attachments: InboundAttachment[];
  location?: InboundLocation;
  contacts?: unknown[];
  reaction?: InboundReaction;
  choice?: InboundChoice;
  /** External id of the message this one answers. */
  replyTo?: string;
  system?: InboundSystemNotice;
  email?: InboundEmailDetails;
  errors?: unknown[];
  /** The provider's own type: text, image, interactive, button, reaction, location, contacts, system, unsupported… */
  messageType: string;
  /** ISO 8601. */
  sentAt: string;
  threadHint?: string;
  /** The text (or an email's HTML) was longer than the limit kept, and is cut off. */
  truncated?: boolean;
  /** With `truncated`: the UTF-8 bytes of the longest body before the cut. */
  originalSize?: number;
  /**
   * Whether the sender proved it owns `from.address`: email by DKIM aligned with its From or DMARC (on Mailgun, by
   * Mailgun's verdict), a custom connector by a key marked trusted. `false`: it joins no customer by its address.
   * Unset: the provider authenticated the sender (WhatsApp, Twilio), or the job was queued before this was checked.
   */
  senderVerified?: boolean;
  /** What the provider sent (Twilio: the parameters not mapped above), for debugging and later use. */
  raw?: Record<string, unknown>;
}

export type DeliveryStatus = 'sent' | 'delivered' | 'read' | 'failed';

export interface InboundStatus {
  type: 'status';
  channelKind: ChannelKind;
  /** The id of our outbound message. */
  externalId: string;
  status: DeliveryStatus;
  /** ISO 8601. */
  at: string;
  recipient?: string;
  recipientUserId?: string;
  errors?: unknown[];
}

export type InboundEvent = InboundMessage | InboundStatus;
