import type { ContactType, IdentifierType } from '../vocabulary.js';
import { canonicalMailbox, mailboxOf, SHORTEST_LOCAL_PART_FOR_DISTANCE } from './email-similarity.js';
import type { CustomerFacts, UniqueIdentifier } from './customer-facts.js';

/**
 * Derived match keys (docs/matching.md): each stored customer and identity lists the keys its own values give, and a
 * duplicate check looks up the keys of the customer it checks in that indexed array, so candidates are found by
 * equality — never by scanning a domain. Exact keys (`v:` an equal value, `m:` one mailbox, `u:` one unique
 * identifier) are looked up apart from, and before, the fuzzy neighbourhood keys (`n:`) of one-edit typos.
 */
export const MATCH_KEY_KINDS = { value: 'v:', mailbox: 'm:', uniqueIdentifier: 'u:', neighbour: 'n:' } as const;

/** Longer local parts are not typed by hand; their neighbourhoods would only make keys. */
const LONGEST_NEIGHBOURED_LOCAL_PART = 64;

export interface ValueHolder {
  type: ContactType | IdentifierType;
  value: string;
}

/** The exact keys of one normalized value: the value itself and, for an email, the mailbox it delivers to. */
export function exactValueKeys({ type, value }: ValueHolder): string[] {
  const keys = [MATCH_KEY_KINDS.value + value];
  if (type === 'email') {
    const mailbox = canonicalMailbox(value);
    if (mailbox) keys.push(MATCH_KEY_KINDS.mailbox + mailbox);
  }
  return keys;
}

export function uniqueIdentifierKey({ type, value }: UniqueIdentifier): string {
  return `${MATCH_KEY_KINDS.uniqueIdentifier}${type}:${value}`;
}

/**
 * The deletion neighbourhood of an email's mailbox: its local part whole and with each one character deleted, on
 * its domain. Two local parts one substitution, transposition, insertion or deletion apart always share one of
 * these keys (`nils.kowalski20` and `nils.kowalski80` share `nils.kowalski0`; `jhon` and `john` share `jon`), so a
 * one-edit typo is found by equality. Local parts too short for a believable typo give none.
 */
export function neighbourhoodKeys(email: string): string[] {
  const mailbox = mailboxOf(email);
  if (!mailbox) return [];
  const letters = Array.from(mailbox.local);
  if (letters.length < SHORTEST_LOCAL_PART_FOR_DISTANCE[1] || letters.length > LONGEST_NEIGHBOURED_LOCAL_PART) {
    return [];
  }
  const locals = new Set([mailbox.local]);
  for (let at = 0; at < letters.length; at++) {
    locals.add([...letters.slice(0, at), ...letters.slice(at + 1)].join(''));
  }
  return [...locals].map((local) => `${MATCH_KEY_KINDS.neighbour}${local}@${mailbox.domain}`);
}

/** The keys a customer document stores, from its contact data and unique identifiers: sorted, each once. */
export function customerMatchKeys(customer: {
  contactData: readonly ValueHolder[];
  uniqueIdentifiers: readonly UniqueIdentifier[];
}): string[] {
  const keys = new Set<string>();
  for (const datum of customer.contactData) {
    for (const key of exactValueKeys(datum)) keys.add(key);
    if (datum.type === 'email') for (const key of neighbourhoodKeys(datum.value)) keys.add(key);
  }
  for (const identifier of customer.uniqueIdentifiers) keys.add(uniqueIdentifierKey(identifier));
  return [...keys].sort();
}

/**
 * The keys an identity document stores, from its address (which never changes): none for an anonymous one; only
 * the equal value for an unverified one, whose claim matches nothing but the same address.
 */
export function identityMatchKeys(identity: {
  anonymous: boolean;
  identifierType?: IdentifierType;
  address?: string;
  unverified?: boolean;
}): string[] {
  const { anonymous, identifierType: type, address: value, unverified } = identity;
  if (anonymous || !type || !value) return [];
  if (unverified) return [MATCH_KEY_KINDS.value + value];
  const keys = new Set(exactValueKeys({ type, value }));
  if (type === 'email') for (const key of neighbourhoodKeys(value)) keys.add(key);
  return [...keys].sort();
}

/** What a check of `subject` looks up: the exact keys and, apart, the fuzzy ones. */
export function lookupKeys(subject: CustomerFacts): { exact: string[]; fuzzy: string[] } {
  const held = [
    customerMatchKeys(subject),
    ...subject.identities.map((identity) => identityMatchKeys(identity)),
  ].flat();
  const exact = new Set<string>();
  const fuzzy = new Set<string>();
  for (const key of held) (key.startsWith(MATCH_KEY_KINDS.neighbour) ? fuzzy : exact).add(key);
  return { exact: [...exact].sort(), fuzzy: [...fuzzy].sort() };
}
