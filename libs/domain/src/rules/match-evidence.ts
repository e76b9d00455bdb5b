import type { ContactType } from '../vocabulary.js';
import {
  claimedAddresses,
  identityAddresses,
  type CustomerFacts,
  type IsShared,
  type TypedValue,
} from './customer-facts.js';
import { changesNumber, emailSimilarity } from './email-similarity.js';
import {
  EVIDENCE_SCORE,
  frequencyWeight,
  roundScore,
  similarEmailScore,
  type Evidence,
  type EvidenceRule,
} from './evidence.js';
import { nameAgreement } from './name-agreement.js';

/** How many customers of the tenant hold a value (the pair included); two when the caller does not know. */
export type HolderCount = (value: string) => number;

/**
 * Why `subject` and `other` may be one person (DOMAIN §2); empty when nothing suggests it.
 *
 * Two identities with the same identifier type and value are not evidence: an arriving identity joins the customer
 * that already holds its value (§1), so two customers hold one only after a detach separated them on purpose, and
 * proposing them again would undo that decision. Anonymous identities have no value and say nothing. Shared values
 * (`isShared`, which includes the blocklist) say nothing either: they would chain unrelated customers together.
 */
export function matchEvidence(
  subject: CustomerFacts,
  other: CustomerFacts,
  isShared: IsShared,
  holders: HolderCount = () => 2,
): Evidence[] {
  if (subject.id === other.id || subject.mergedInto || other.mergedInto) return [];
  const usable = (value: string) => !isShared(value);
  const found = new Map<string, Evidence>();
  const add = (rule: EvidenceRule, subjectValue: string, otherValue: string, score: number) => {
    if (!usable(subjectValue) || !usable(otherValue)) return;
    const key = JSON.stringify([rule, subjectValue, otherValue]);
    if (!found.has(key)) found.set(key, { rule, values: [subjectValue, otherValue], score });
  };

  // An equal value weighs less the more customers hold it; a slip in an address, by what it changed and the names.
  const equal = (rule: Exclude<EvidenceRule, 'similar_email'>, value: string) =>
    add(rule, value, value, roundScore(EVIDENCE_SCORE[rule] * frequencyWeight(holders(value))));
  const names = nameAgreement(subject.name, other.name);

  for (const address of identityAddresses(subject)) {
    if (holdsContact(other, address)) equal('identity_matches_contact', address.value);
  }
  for (const address of identityAddresses(other)) {
    if (holdsContact(subject, address)) equal('identity_matches_contact', address.value);
  }
  // An unverified sender's address held by the other (as an identity or contact data): never a join, a suggestion.
  for (const [claimant, holder] of [
    [subject, other],
    [other, subject],
  ] as const) {
    for (const address of claimedAddresses(claimant)) {
      if (holdsContact(holder, address) || holdsIdentityAddress(holder, address)) {
        equal('unverified_same_address', address.value);
      }
    }
  }
  for (const { type, value } of subject.uniqueIdentifiers) {
    if (other.uniqueIdentifiers.some((held) => held.type === type && held.value === value)) {
      equal('same_unique_identifier', value);
    }
  }
  for (const contact of subject.contactData) {
    if (holdsContact(other, contact)) equal(SAME_CONTACT_RULE[contact.type], contact.value);
  }
  const otherEmails = emailsOf(other);
  for (const email of emailsOf(subject)) {
    for (const otherEmail of otherEmails) {
      const similarity = emailSimilarity(email, otherEmail);
      if (!similarity) continue;
      const score = similarEmailScore(similarity, { numberChanged: changesNumber(email, otherEmail), names });
      if (score > 0) add('similar_email', email, otherEmail, score);
    }
  }
  return [...found.values()];
}

const SAME_CONTACT_RULE = {
  phone: 'same_contact_phone',
  email: 'same_contact_email',
  card: 'same_contact_card',
} as const satisfies Record<ContactType, EvidenceRule>;

function holdsContact(customer: CustomerFacts, wanted: TypedValue): boolean {
  return customer.contactData.some((contact) => contact.type === wanted.type && contact.value === wanted.value);
}

function holdsIdentityAddress(customer: CustomerFacts, wanted: TypedValue): boolean {
  return identityAddresses(customer).some((held) => held.type === wanted.type && held.value === wanted.value);
}

function emailsOf(customer: CustomerFacts): string[] {
  const emails = [
    ...identityAddresses(customer).filter((address) => address.type === 'email'),
    ...customer.contactData.filter((contact) => contact.type === 'email'),
  ].map((email) => email.value);
  return [...new Set(emails)];
}
