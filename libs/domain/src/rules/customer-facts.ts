import type { ChannelKind, ContactType, CustomerKind, IdentifierType } from '../vocabulary.js';

/**
 * What the identity rules need to know about a customer, as plain data: services map stored documents to these so
 * every rule can be decided, and table-tested, without a database.
 */

export type IdentityKind = ChannelKind;

export interface ContactDatum {
  type: ContactType;
  /** Normalized: E.164 phone, lower-case email with ASCII domain, trimmed card number. */
  value: string;
  grantsAccess: boolean;
}

/** `loyaltyCard → 8812`, `crmId → …`, `referenceCode → …`. */
export interface UniqueIdentifier {
  type: string;
  value: string;
}

export interface IdentityFact {
  id: string;
  kind: IdentityKind;
  /** Absent for anonymous identities. */
  identifierType?: IdentifierType;
  /** Normalized like contact data of the same type. */
  address?: string;
  anonymous: boolean;
  /**
   * The sender did not prove it owns the address (an unauthenticated email, an untrusted connector): the address is
   * a claim, not held, so it joins nothing and only suggests (`unverified_same_address`).
   */
  unverified?: boolean;
}

export interface CustomerFacts {
  id: string;
  name?: string;
  kind: CustomerKind;
  identities: IdentityFact[];
  contactData: ContactDatum[];
  uniqueIdentifiers: UniqueIdentifier[];
  createdAt: Date;
  lastActiveAt?: Date;
  /** Set on a merged-away customer (a tombstone): it takes part in nothing any more. */
  mergedInto?: string;
}

export interface TypedValue {
  type: ContactType;
  value: string;
}

/** The addresses of a customer's identities, typed like contact data; anonymous and unverified identities have none. */
export function identityAddresses(customer: CustomerFacts): TypedValue[] {
  return addressesOf(customer, false);
}

/** The addresses its unverified identities claim (DOMAIN §1: they join nobody, they only suggest). */
export function claimedAddresses(customer: CustomerFacts): TypedValue[] {
  return addressesOf(customer, true);
}

function addressesOf(customer: CustomerFacts, unverified: boolean): TypedValue[] {
  return customer.identities.flatMap((identity) =>
    !identity.anonymous && identity.identifierType && identity.address && Boolean(identity.unverified) === unverified
      ? [{ type: identity.identifierType, value: identity.address }]
      : [],
  );
}

/** The values a customer holds of one unique-identifier type, each once. */
export function uniqueIdentifierValues(customer: CustomerFacts, type: string): string[] {
  return [...new Set(customer.uniqueIdentifiers.filter((held) => held.type === type).map((held) => held.value))];
}

/** Whether a value may be used for matching, given how many customers hold it. */
export type IsShared = (value: string) => boolean;
