import { describe, expect, it } from '@jest/globals';
import type { CustomerFacts, IdentityFact } from './customer-facts.js';
import {
  BLOCKLISTED,
  card,
  crmId,
  customer,
  email,
  emailIdentity,
  loyaltyCard,
  P1,
  P2,
  phone,
  phoneValue,
  SETTINGS,
  sms,
  SWITCHBOARD,
  webchat,
  whatsapp,
} from '@app/testing/fixtures';
import type { Evidence } from './evidence.js';
import { matchEvidence } from './match-evidence.js';
import { isSharedValue } from './shared-value.js';

const SHARED = new Set([phoneValue(SWITCHBOARD), 'info@example.com', '7777']);
/** As the finder decides it: values held by too many customers, and the blocklist of `SETTINGS`. */
const isShared = (value: string) =>
  isSharedValue(value, SHARED.has(value) ? SETTINGS.sharedContactThreshold + 1 : 2, SETTINGS);

const e164 = phoneValue(P1);
const evidence = (rule: Evidence['rule'], subjectValue: string, otherValue: string, score: number): Evidence => ({
  rule,
  values: [subjectValue, otherValue],
  score,
});
const anonymousApi: IdentityFact = {
  id: 'api:anon',
  kind: 'api',
  identifierType: 'phone',
  address: e164,
  anonymous: true,
};
const unverifiedEmail = (raw: string): IdentityFact => ({ ...emailIdentity(raw), unverified: true });
const apiPhone: IdentityFact = { id: 'api:p1', kind: 'api', identifierType: 'phone', address: e164, anonymous: false };

describe('matchEvidence', () => {
  it.each<[string, CustomerFacts, CustomerFacts, Evidence[]]>([
    // identity_matches_contact, both directions
    [
      'WhatsApp number listed on a customer known by email',
      customer('a', whatsapp(P1)),
      customer('b', emailIdentity('ann@example.com'), phone(P1)),
      [evidence('identity_matches_contact', e164, e164, 0.9)],
    ],
    [
      'the same, seen from the other customer',
      customer('b', emailIdentity('ann@example.com'), phone(P1)),
      customer('a', whatsapp(P1)),
      [evidence('identity_matches_contact', e164, e164, 0.9)],
    ],
    [
      'email listed on a customer known by phone',
      customer('a', emailIdentity('Ann@Example.com')),
      customer('b', sms(P1), email('ann@example.com')),
      [evidence('identity_matches_contact', 'ann@example.com', 'ann@example.com', 0.9)],
    ],
    [
      'wa_id and an agent-typed spelling of one number',
      customer('a', whatsapp('12025550101')),
      customer('b', phone('+1 (202) 555-0101')),
      [evidence('identity_matches_contact', e164, e164, 0.9)],
    ],
    [
      'connector identity with a phone',
      customer('a', apiPhone),
      customer('b', phone(P1)),
      [evidence('identity_matches_contact', e164, e164, 0.9)],
    ],
    [
      'anonymous customer later gets a phone matching a WhatsApp identity (§2.4)',
      customer('a', webchat('s1'), phone(P1)),
      customer('b', whatsapp(P1)),
      [evidence('identity_matches_contact', e164, e164, 0.9)],
    ],
    ['identity and contact of different numbers', customer('a', whatsapp(P1)), customer('b', phone(P2)), []],
    ['a card is not a phone even with the same characters', customer('a', whatsapp(P1)), customer('b', card(e164)), []],
    // identical identities are not evidence
    ['same WhatsApp identity on both (detached apart)', customer('a', whatsapp(P1)), customer('b', whatsapp(P1)), []],
    ['WhatsApp on one, SMS of the same number on the other', customer('a', whatsapp(P1)), customer('b', sms(P1)), []],
    [
      'same email identity on both',
      customer('a', emailIdentity('ann@example.com')),
      customer('b', emailIdentity('ann@example.com')),
      [],
    ],
    // anonymous identities contribute nothing
    ['webchat sessions on both', customer('a', webchat('s1')), customer('b', webchat('s1')), []],
    ['anonymous identity with an address', customer('a', anonymousApi), customer('b', phone(P1)), []],
    ['contact matched against an anonymous identity', customer('a', phone(P1)), customer('b', anonymousApi), []],
    // same_unique_identifier
    [
      'same loyalty card',
      customer('a', loyaltyCard('8812')),
      customer('b', loyaltyCard('8812')),
      [evidence('same_unique_identifier', '8812', '8812', 0.95)],
    ],
    [
      'same CRM id (flag off still matches)',
      customer('a', crmId('C-1')),
      customer('b', crmId('C-1')),
      [evidence('same_unique_identifier', 'C-1', 'C-1', 0.95)],
    ],
    ['same value, different identifier type', customer('a', loyaltyCard('8812')), customer('b', crmId('8812')), []],
    ['different loyalty cards', customer('a', loyaltyCard('8812')), customer('b', loyaltyCard('9913')), []],
    // same contact data on both
    [
      'same phone typed on both',
      customer('a', phone(P1)),
      customer('b', phone(P1, true)),
      [evidence('same_contact_phone', e164, e164, 0.8)],
    ],
    [
      'same email typed on both',
      customer('a', email('ann@example.com')),
      customer('b', email('ANN@example.com')),
      [evidence('same_contact_email', 'ann@example.com', 'ann@example.com', 0.85)],
    ],
    [
      'same card typed on both',
      customer('a', card('4000 1234')),
      customer('b', card(' 4000 1234 ')),
      [evidence('same_contact_card', '4000 1234', '4000 1234', 0.8)],
    ],
    ['different phones typed', customer('a', phone(P1)), customer('b', phone(P2)), []],
    // shared and blocklisted values
    ['shared phone, identity to contact', customer('a', whatsapp(SWITCHBOARD)), customer('b', phone(SWITCHBOARD)), []],
    ['shared phone, contact to contact', customer('a', phone(SWITCHBOARD)), customer('b', phone(SWITCHBOARD)), []],
    ['blocklisted phone', customer('a', whatsapp(BLOCKLISTED)), customer('b', phone(BLOCKLISTED)), []],
    [
      'blocklisted email',
      customer('a', emailIdentity('noreply@example.com')),
      customer('b', email('noreply@example.com')),
      [],
    ],
    ['blocklisted identifier', customer('a', loyaltyCard('0000')), customer('b', loyaltyCard('0000')), []],
    ['shared identifier', customer('a', loyaltyCard('7777')), customer('b', loyaltyCard('7777')), []],
    [
      'similar to a shared email',
      customer('a', emailIdentity('info@example.com')),
      customer('b', email('inf0@example.com')),
      [],
    ],
    [
      'a shared value leaves other evidence standing',
      customer('a', whatsapp(SWITCHBOARD), loyaltyCard('8812')),
      customer('b', phone(SWITCHBOARD), loyaltyCard('8812')),
      [evidence('same_unique_identifier', '8812', '8812', 0.95)],
    ],
    // similar_email, between identities and contact data, both directions
    [
      'Gmail dots between identities',
      customer('a', emailIdentity('ann.smith@gmail.com')),
      customer('b', emailIdentity('annsmith@gmail.com')),
      [evidence('similar_email', 'ann.smith@gmail.com', 'annsmith@gmail.com', 0.85)],
    ],
    [
      'Gmail plus tag, identity to contact',
      customer('a', emailIdentity('annsmith+shop@gmail.com')),
      customer('b', phone(P2), email('annsmith@gmail.com')),
      [evidence('similar_email', 'annsmith+shop@gmail.com', 'annsmith@gmail.com', 0.85)],
    ],
    [
      'googlemail.com, contact to identity',
      customer('a', email('ann.smith@googlemail.com')),
      customer('b', emailIdentity('annsmith@gmail.com')),
      [evidence('similar_email', 'ann.smith@googlemail.com', 'annsmith@gmail.com', 0.85)],
    ],
    [
      'dots outside Gmail are a typo',
      customer('a', emailIdentity('ann.smith@example.com')),
      customer('b', emailIdentity('annsmith@example.com')),
      [evidence('similar_email', 'ann.smith@example.com', 'annsmith@example.com', 0.6)],
    ],
    [
      'a plus tag on any provider is the same mailbox',
      customer('a', emailIdentity('annsmith+shop@example.com')),
      customer('b', emailIdentity('annsmith@example.com')),
      [evidence('similar_email', 'annsmith+shop@example.com', 'annsmith@example.com', 0.85)],
    ],
    [
      'typo of one letter',
      customer('a', emailIdentity('john.smith@example.com')),
      customer('b', email('jhon.smith@example.com')),
      [evidence('similar_email', 'john.smith@example.com', 'jhon.smith@example.com', 0.6)],
    ],
    [
      'typo of two letters',
      customer('a', email('jon.smyth@example.com')),
      customer('b', emailIdentity('john.smith@example.com')),
      [evidence('similar_email', 'jon.smyth@example.com', 'john.smith@example.com', 0.4)],
    ],
    [
      'three letters apart',
      customer('a', emailIdentity('john.smith@example.com')),
      customer('b', emailIdentity('jon.smyth2@example.com')),
      [],
    ],
    [
      'one-letter typo on another domain',
      customer('a', emailIdentity('john.smith@example.com')),
      customer('b', emailIdentity('jon.smith@example.org')),
      [],
    ],
    // several at once, and what never pairs
    [
      'every rule at once',
      customer('a', whatsapp(P1), emailIdentity('ann.smith@gmail.com'), phone(P2), loyaltyCard('8812')),
      customer('b', phone(P1), phone(P2), email('annsmith@gmail.com'), loyaltyCard('8812')),
      [
        evidence('identity_matches_contact', e164, e164, 0.9),
        evidence('same_unique_identifier', '8812', '8812', 0.95),
        evidence('same_contact_phone', phoneValue(P2), phoneValue(P2), 0.8),
        evidence('similar_email', 'ann.smith@gmail.com', 'annsmith@gmail.com', 0.85),
      ],
    ],
    [
      'one value met twice is one piece of evidence per rule',
      customer('a', whatsapp(P1), sms(P1), phone(P1)),
      customer('b', phone(P1), whatsapp(P2)),
      [evidence('identity_matches_contact', e164, e164, 0.9), evidence('same_contact_phone', e164, e164, 0.8)],
    ],
    // unverified_same_address: an address a sender wrote from without proving it owns it
    [
      'an unverified email sender and the customer whose identity holds that address',
      customer('a', unverifiedEmail('ann@example.com')),
      customer('b', emailIdentity('ann@example.com')),
      [evidence('unverified_same_address', 'ann@example.com', 'ann@example.com', 0.7)],
    ],
    [
      'the same, seen from the holder',
      customer('b', emailIdentity('ann@example.com')),
      customer('a', unverifiedEmail('ann@example.com')),
      [evidence('unverified_same_address', 'ann@example.com', 'ann@example.com', 0.7)],
    ],
    [
      'an unverified sender whose address is contact data of the other: not identity_matches_contact',
      customer('a', unverifiedEmail('Ann@Example.com')),
      customer('b', whatsapp(P1), email('ann@example.com')),
      [evidence('unverified_same_address', 'ann@example.com', 'ann@example.com', 0.7)],
    ],
    [
      'an unverified sender of a shared address says nothing',
      customer('a', unverifiedEmail('info@example.com')),
      customer('b', emailIdentity('info@example.com')),
      [],
    ],
    [
      'an unverified sender and a customer with another address',
      customer('a', unverifiedEmail('ann@example.com')),
      customer('b', emailIdentity('bob@example.org')),
      [],
    ],
    ['a customer and itself', customer('a', whatsapp(P1), phone(P1)), customer('a', whatsapp(P1), phone(P1)), []],
    ['a merged-away customer', customer('a', whatsapp(P1)), { ...customer('b', phone(P1)), mergedInto: 'c' }, []],
  ])('%s', (_case, subject, other, expected) => {
    expect(matchEvidence(subject, other, isShared)).toEqual(expected);
  });

  it('finds the same rules from either side', () => {
    const a = customer('a', whatsapp(P1), emailIdentity('john.smith@example.com'), loyaltyCard('8812'));
    const b = customer('b', phone(P1), email('jhon.smith@example.com'), loyaltyCard('8812'), phone(P2));
    const rules = (found: Evidence[]) => found.map((item) => `${item.rule} ${[...item.values].sort().join(' ')}`);
    expect(rules(matchEvidence(a, b, isShared)).sort()).toEqual(rules(matchEvidence(b, a, isShared)).sort());
  });

  const named = (name: string | undefined, facts: CustomerFacts): CustomerFacts => ({ ...facts, name });

  it.each<[string, string | undefined, string, string | undefined, string, number | undefined]>([
    [
      'a letter typo, the same name',
      'Nils Kowalski',
      'nils.kowalski@example.com',
      'nils kowalski',
      'nisl.kowalski@example.com',
      0.8,
    ],
    [
      'a letter typo, one name missing',
      undefined,
      'nils.kowalski@example.com',
      'Nils Kowalski',
      'nisl.kowalski@example.com',
      0.6,
    ],
    [
      'a letter typo, the name contained',
      'Nils',
      'nils.kowalski@example.com',
      'Nils Kowalski',
      'nisl.kowalski@example.com',
      0.7,
    ],
    [
      'a letter typo, different names',
      'Nils Kowalski',
      'nils.kowalski@example.com',
      'Ola Nordmann',
      'nisl.kowalski@example.com',
      0.3,
    ],
    [
      'another number, different names',
      'Nils Kowalski',
      'nils.kowalski20@gmail.com',
      'Ola Nordmann',
      'nils.kowalski80@gmail.com',
      undefined,
    ],
    ['another number, no names', undefined, 'nils.kowalski20@gmail.com', undefined, 'nils.kowalski80@gmail.com', 0.15],
    [
      'another number, the same name',
      'Nils Kowalski',
      'nils.kowalski20@gmail.com',
      'Nils Kowalski',
      'nils.kowalski80@gmail.com',
      0.35,
    ],
    [
      'digits swapped, the same name',
      'Nils Kowalski',
      'nils.kowalski28@gmail.com',
      'Nils Kowalski',
      'nils.kowalski82@gmail.com',
      0.8,
    ],
    [
      'the same Gmail mailbox, different names',
      'Nils Kowalski',
      'nils.kowalski@gmail.com',
      'Ola Nordmann',
      'nilskowalski@gmail.com',
      0.85,
    ],
  ])('%s', (_case, subjectName, subjectEmail, otherName, otherEmail, score) => {
    const found = matchEvidence(
      named(subjectName, customer('a', emailIdentity(subjectEmail))),
      named(otherName, customer('b', emailIdentity(otherEmail))),
      isShared,
    );
    expect(found.map((item) => item.score)).toEqual(score === undefined ? [] : [score]);
  });

  it('names never lower exact evidence', () => {
    const found = matchEvidence(
      named('Linh Nguyen', customer('a', whatsapp(P1))),
      named('Minh Nguyen', customer('b', phone(P1))),
      isShared,
    );
    expect(found).toEqual([evidence('identity_matches_contact', e164, e164, 0.9)]);
  });

  it.each<[number, number]>([
    [2, 0.8],
    [3, 0.72],
    [5, 0.56],
    [9, 0.4],
    [50, 0.4],
  ])('an equal value held by %d customers weighs less: %d', (holders, score) => {
    const found = matchEvidence(
      customer('a', phone(P1)),
      customer('b', phone(P1)),
      () => false,
      () => holders,
    );
    expect(found).toEqual([evidence('same_contact_phone', e164, e164, score)]);
  });
});
