import { describe, expect, it } from '@jest/globals';
import type { CustomerFacts } from './customer-facts.js';
import {
  customer,
  email,
  emailIdentity,
  loyaltyCard,
  phone,
  phoneValue,
  SETTINGS,
  sms,
  SWITCHBOARD,
  whatsapp,
} from '@app/testing/fixtures';
import { mergeBlocks } from './merge-blocks.js';
import { matchEvidence } from './match-evidence.js';
import { hasNewKindOfEvidence } from './new-kind-of-evidence.js';
import { suggestionScore } from './suggestion-score.js';

/** DOMAIN.md's examples end to end: what is suggested, how strongly, and whether the merge may go ahead. */

const HOUSEHOLD = '+1 202 555 0150';
const isShared = (value: string) => value === phoneValue(SWITCHBOARD);

function judge(a: CustomerFacts, b: CustomerFacts) {
  const evidence = matchEvidence(a, b, isShared);
  return {
    rules: evidence.map((item) => item.rule),
    score: suggestionScore(evidence),
    blocks: mergeBlocks(a, b, SETTINGS).map((block) => block.code),
  };
}

describe('DOMAIN examples', () => {
  it.each<[string, CustomerFacts, CustomerFacts, ReturnType<typeof judge>]>([
    [
      '§2.1 the WhatsApp phone is listed on a customer known only by email',
      customer('a', whatsapp('+1 202 555 0101')),
      customer('b', emailIdentity('ann@example.com'), phone('+1 202 555 0101')),
      { rules: ['identity_matches_contact'], score: 0.9, blocks: [] },
    ],
    [
      '§2.1 the email is listed on a customer known only by phone',
      customer('a', sms('+1 202 555 0101'), email('ann@example.com')),
      customer('b', emailIdentity('ann@example.com')),
      { rules: ['identity_matches_contact'], score: 0.9, blocks: [] },
    ],
    [
      '§1 WhatsApp and SMS of one number are one customer already, never a suggestion',
      customer('a', whatsapp('16505551234')),
      customer('b', sms('+1 650 555 1234')),
      { rules: [], score: 0, blocks: [] },
    ],
    [
      '§2 a shared switchboard neither merges nor suggests',
      customer('a', whatsapp(SWITCHBOARD)),
      customer('b', phone(SWITCHBOARD)),
      { rules: [], score: 0, blocks: [] },
    ],
    [
      '§4 reason 1: a couple shares a household phone, each has a membership card',
      customer('a', whatsapp(HOUSEHOLD), loyaltyCard('8812')),
      customer('b', emailIdentity('bea@example.com'), phone(HOUSEHOLD), loyaltyCard('9913')),
      { rules: ['identity_matches_contact'], score: 0.9, blocks: ['different_unique_identifiers'] },
    ],
    [
      '§4 reason 2: login phone on one, login email on the other',
      customer('a', whatsapp(HOUSEHOLD), phone(HOUSEHOLD, true)),
      customer('b', emailIdentity('bea@example.com'), email('bea@example.com', true), phone(HOUSEHOLD)),
      { rules: ['identity_matches_contact', 'same_contact_phone'], score: 0.95, blocks: ['different_access_contacts'] },
    ],
    [
      '§4 reason 2: two different discount card numbers',
      customer('a', whatsapp(HOUSEHOLD), { type: 'card', value: '4000 1234', grantsAccess: true }),
      customer('b', phone(HOUSEHOLD), { type: 'card', value: '4000 9876', grantsAccess: true }),
      { rules: ['identity_matches_contact'], score: 0.9, blocks: ['different_access_contacts'] },
    ],
  ])('%s', (_case, a, b, expected) => {
    expect(judge(a, b)).toEqual(expected);
  });

  it('§2 a rejected pair returns only with evidence of a new kind', () => {
    const a = customer('a', emailIdentity('john.smith@example.com'));
    const b = customer('b', emailIdentity('jhon.smith@example.com'));
    const rejectedWith = matchEvidence(a, b, isShared).map((item) => item.rule);
    expect(rejectedWith).toEqual(['similar_email']);

    const anotherTypo = { ...b, contactData: [email('jon.smith@example.com')] };
    expect(hasNewKindOfEvidence(rejectedWith, matchEvidence(a, anotherTypo, isShared)).reopen).toBe(false);

    const sameCard = { ...anotherTypo, uniqueIdentifiers: [loyaltyCard('8812')] };
    const withCard = { ...a, uniqueIdentifiers: [loyaltyCard('8812')] };
    expect(hasNewKindOfEvidence(rejectedWith, matchEvidence(withCard, sameCard, isShared))).toEqual({
      reopen: true,
      newRules: ['same_unique_identifier'],
    });
  });

  it('§4 a blocked pair becomes actionable once one profile’s card is cleared', () => {
    const a = customer('a', whatsapp(HOUSEHOLD), loyaltyCard('8812'));
    const b = customer('b', phone(HOUSEHOLD), loyaltyCard('9913'));
    expect(mergeBlocks(a, b, SETTINGS)).toHaveLength(1);
    expect(mergeBlocks(a, { ...b, uniqueIdentifiers: [] }, SETTINGS)).toEqual([]);
  });
});
