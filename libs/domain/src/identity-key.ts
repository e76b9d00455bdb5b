import { normalizeEmail } from './normalize-email.js';
import { normalizePhone } from './normalize-phone.js';
import type { ChannelKind, IdentifierType } from './vocabulary.js';

/** What of a sender decides its identity. */
export interface SenderAddress {
  /** As the provider sent it: normalizing is done here. */
  address?: string;
  /** An anonymous session (webchat, connector without address). */
  sessionId?: string;
  /** A provider's own id for the person, e.g. WhatsApp's business-scoped `user_id`. */
  providerUserId?: string;
}

/** How an inbound sender is stored and matched. */
export type IdentityKey =
  | {
      anonymous: false;
      /** Unique per tenant: `whatsapp:+15550100`, `email:ann@example.com`. */
      key: string;
      identifierType: IdentifierType;
      address: string;
      displayAddress: string;
    }
  | {
      anonymous: true;
      key: string;
      /** The sender's address as written, when it is one that cannot be normalized (a short code, a sender name). */
      unusableAddress?: string;
    };

/** Longest raw address kept in an identity's key; providers' own limits are far below it. */
const MAX_RAW_ADDRESS = 256;

export class UnusableSenderError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'UnusableSenderError';
  }
}

const IDENTIFIER_TYPE_OF: Partial<Record<ChannelKind, IdentifierType>> = {
  whatsapp: 'phone',
  sms: 'phone',
  email: 'email',
};

/**
 * The identity a sender is: `(channel kind, normalized address)`, so WhatsApp numbers from two of a tenant's lines
 * are one identity; an anonymous session is only ever itself (keyed by its channel too, as session ids are the
 * connector's). A provider user id without an address (WhatsApp usernames) is a stable identity that matches
 * nothing, like a session, and so is an address that cannot be normalized. Custom connectors say whether the address is a phone or an email by its shape.
 */
export function identityKeyFor(kind: ChannelKind, channelId: string, sender: SenderAddress): IdentityKey {
  const raw = sender.address?.trim();
  if (!raw) {
    if (sender.providerUserId) return { anonymous: true, key: `${kind}:user:${sender.providerUserId}` };
    if (!sender.sessionId) throw new UnusableSenderError('the sender has neither an address nor a session');
    return { anonymous: true, key: `${kind}:${channelId}:session:${sender.sessionId}` };
  }
  const identifierType = IDENTIFIER_TYPE_OF[kind] ?? (raw.includes('@') ? 'email' : 'phone');
  const normalized = identifierType === 'email' ? normalizeEmail(raw) : normalizePhone(raw);
  // A short code, an alphanumeric sender id, a malformed number: its messages are kept on an identity of its own
  // in this channel that never matches anything, so nothing is dropped and no one is joined by a guess.
  if (!normalized) {
    const unusableAddress = raw.slice(0, MAX_RAW_ADDRESS);
    return { anonymous: true, key: `${kind}:${channelId}:unusable:${unusableAddress}`, unusableAddress };
  }
  return {
    anonymous: false,
    key: `${kind}:${normalized.value}`,
    identifierType,
    address: normalized.value,
    displayAddress: normalized.display,
  };
}

/**
 * The key of a sender who did not prove it owns its address (`email:unverified:ann@example.com`): one identity per
 * address for all such senders, apart from the identity of the address's owner, so it never joins that customer.
 */
export function unverifiedIdentityKey(kind: ChannelKind, address: string): string {
  return `${kind}:unverified:${address}`;
}
