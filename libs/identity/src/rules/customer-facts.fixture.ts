import { normalizeEmail } from '../normalize-email.js';
import { normalizePhone } from '../normalize-phone.js';
import type {
  ContactDatum,
  CustomerFacts,
  IdentityFact,
  IdentitySettings,
  UniqueIdentifier,
} from './customer-facts.js';

/** Builders for rule tests: values go through the real normalizers, as they do before reaching the rules. */

export const CREATED = new Date('2024-01-01T00:00:00Z');

/** Phone numbers as people type them; `phoneValue` gives the stored form. */
export const P1 = '+1 202 555 0101';
export const P2 = '+1 202 555 0102';
/** A shared switchboard number (tests declare it shared). */
export const SWITCHBOARD = '+1 202 555 0199';
/** On the blocklist of `SETTINGS`. */
export const BLOCKLISTED = '+1 202 555 0100';

export const SETTINGS: IdentitySettings = {
  uniqueIdentifierTypes: [
    { type: 'loyaltyCard', doNotMergeDifferent: true },
    { type: 'crmId', doNotMergeDifferent: false },
  ],
  accessGrantingContactTypes: ['phone', 'email', 'card'],
  sharedContactThreshold: 3,
  blocklist: [phoneValue(BLOCKLISTED), 'noreply@example.com', '0000'],
};

type Part = IdentityFact | ContactDatum | UniqueIdentifier;

/** `customer('a', whatsapp('+1 202 555 0101'), emailContact('ann@example.com'))`; spread it to set other fields. */
export function customer(id: string, ...parts: Part[]): CustomerFacts {
  return {
    id,
    kind: 'contact',
    identities: parts.filter((part): part is IdentityFact => 'anonymous' in part),
    contactData: parts.filter((part): part is ContactDatum => 'grantsAccess' in part),
    uniqueIdentifiers: parts.filter(
      (part): part is UniqueIdentifier => !('anonymous' in part || 'grantsAccess' in part),
    ),
    createdAt: CREATED,
  };
}

export function phoneValue(raw: string): string {
  const normalized = normalizePhone(raw);
  if (!normalized) throw new Error(`fixture phone ${raw} does not normalize`);
  return normalized.value;
}

export function emailValue(raw: string): string {
  const normalized = normalizeEmail(raw);
  if (!normalized) throw new Error(`fixture email ${raw} does not normalize`);
  return normalized.value;
}

export function whatsapp(raw: string): IdentityFact {
  return {
    id: `whatsapp:${raw}`,
    kind: 'whatsapp',
    identifierType: 'phone',
    address: phoneValue(raw),
    anonymous: false,
  };
}

export function sms(raw: string): IdentityFact {
  return { id: `sms:${raw}`, kind: 'sms', identifierType: 'phone', address: phoneValue(raw), anonymous: false };
}

export function emailIdentity(raw: string): IdentityFact {
  return { id: `email:${raw}`, kind: 'email', identifierType: 'email', address: emailValue(raw), anonymous: false };
}

export function webchat(session: string): IdentityFact {
  return { id: `webchat:${session}`, kind: 'webchat', anonymous: true };
}

export function phone(raw: string, grantsAccess = false): ContactDatum {
  return { type: 'phone', value: phoneValue(raw), grantsAccess };
}

export function email(raw: string, grantsAccess = false): ContactDatum {
  return { type: 'email', value: emailValue(raw), grantsAccess };
}

export function card(raw: string, grantsAccess = false): ContactDatum {
  return { type: 'card', value: raw.trim(), grantsAccess };
}

export function loyaltyCard(value: string): UniqueIdentifier {
  return { type: 'loyaltyCard', value };
}

export function crmId(value: string): UniqueIdentifier {
  return { type: 'crmId', value };
}
