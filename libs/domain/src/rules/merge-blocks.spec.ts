import { describe, expect, it } from '@jest/globals';
import type { MatchingSettings } from '../identity-settings.js';
import type { CustomerFacts } from './customer-facts.js';
import {
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
  whatsapp,
} from '@app/testing/fixtures';
import type { AccessContact, MergeBlock } from '../vocabulary.js';
import { mergeBlocks, mergeBlocksForMany } from './merge-blocks.js';

const p1 = phoneValue(P1);
const p2 = phoneValue(P2);

type Summary =
  | { code: 'different_unique_identifiers'; identifierType: string; values: [string, string] }
  | { code: 'different_access_contacts'; survivorOnly: AccessContact[]; victimOnly: AccessContact[] };

const ids = (identifierType: string, survivorValue: string, victimValue: string): Summary => ({
  code: 'different_unique_identifiers',
  identifierType,
  values: [survivorValue, victimValue],
});
const access = (survivorOnly: AccessContact[], victimOnly: AccessContact[]): Summary => ({
  code: 'different_access_contacts',
  survivorOnly,
  victimOnly,
});
const summarize = (blocks: MergeBlock[]): Summary[] => blocks.map(({ remedies: _remedies, ...block }) => block);

const onlyPhonesAndEmailsGrant: MatchingSettings = { ...SETTINGS, accessGrantingContactTypes: ['phone', 'email'] };
const loyaltyFlagOff: MatchingSettings = {
  ...SETTINGS,
  uniqueIdentifierTypes: [{ type: 'loyaltyCard', doNotMergeDifferent: false }],
};

describe('mergeBlocks', () => {
  it.each<[string, CustomerFacts, CustomerFacts, Summary[], MatchingSettings?]>([
    // Reason 1: different unique IDs
    [
      'different loyalty cards',
      customer('s', loyaltyCard('8812')),
      customer('v', loyaltyCard('9913')),
      [ids('loyaltyCard', '8812', '9913')],
    ],
    ['the same loyalty card', customer('s', loyaltyCard('8812')), customer('v', loyaltyCard('8812')), []],
    ['a loyalty card on the survivor only', customer('s', loyaltyCard('8812')), customer('v'), []],
    ['a loyalty card on the victim only', customer('s'), customer('v', loyaltyCard('9913')), []],
    ['different CRM ids (flag off)', customer('s', crmId('C-1')), customer('v', crmId('C-2')), []],
    [
      'different values of a type the settings do not list',
      customer('s', { type: 'referenceCode', value: 'R1' }),
      customer('v', { type: 'referenceCode', value: 'R2' }),
      [],
    ],
    [
      'different loyalty cards with the flag switched off',
      customer('s', loyaltyCard('8812')),
      customer('v', loyaltyCard('9913')),
      [],
      loyaltyFlagOff,
    ],
    [
      'several cards, one in common (old card and its replacement)',
      customer('s', loyaltyCard('8812'), loyaltyCard('8813')),
      customer('v', loyaltyCard('8813'), loyaltyCard('9913')),
      [],
    ],
    [
      'several cards, none in common',
      customer('s', loyaltyCard('8812'), loyaltyCard('8813')),
      customer('v', loyaltyCard('9913')),
      [ids('loyaltyCard', '8812', '9913'), ids('loyaltyCard', '8813', '9913')],
    ],
    [
      'one card listed twice',
      customer('s', loyaltyCard('8812'), loyaltyCard('8812')),
      customer('v', loyaltyCard('9913')),
      [ids('loyaltyCard', '8812', '9913')],
    ],
    // Reason 2: different access-granting contacts
    [
      'login phone on one, login email on the other',
      customer('s', phone(P1, true)),
      customer('v', email('ann@example.com', true)),
      [access([{ type: 'phone', value: p1 }], [{ type: 'email', value: 'ann@example.com' }])],
    ],
    [
      'two different discount card numbers',
      customer('s', card('4000 1234', true)),
      customer('v', card('4000 9876', true)),
      [access([{ type: 'card', value: '4000 1234' }], [{ type: 'card', value: '4000 9876' }])],
    ],
    [
      'two different login phones',
      customer('s', phone(P1, true)),
      customer('v', phone(P2, true)),
      [access([{ type: 'phone', value: p1 }], [{ type: 'phone', value: p2 }])],
    ],
    ['the same login phone', customer('s', phone(P1, true)), customer('v', phone(P1, true)), []],
    [
      'the same login phone and email, listed in another order',
      customer('s', phone(P1, true), email('ann@example.com', true)),
      customer('v', email('ann@example.com', true), phone(P1, true), phone(P1, true)),
      [],
    ],
    [
      'a shared login phone, and a login email on the victim only',
      customer('s', phone(P1, true)),
      customer('v', phone(P1, true), email('ann@example.com', true)),
      [access([], [{ type: 'email', value: 'ann@example.com' }])],
    ],
    [
      'a shared login phone, and a login email on each',
      customer('s', phone(P1, true), email('ann@example.com', true)),
      customer('v', phone(P1, true), email('bob@example.com', true)),
      [access([{ type: 'email', value: 'ann@example.com' }], [{ type: 'email', value: 'bob@example.com' }])],
    ],
    ['a login phone on the survivor only', customer('s', phone(P1, true)), customer('v', phone(P2)), []],
    [
      'a login email on the victim only',
      customer('s', email('ann@example.com')),
      customer('v', email('bob@example.com', true)),
      [],
    ],
    [
      'different phones that grant no access',
      customer('s', phone(P1), whatsapp(P1)),
      customer('v', phone(P2), emailIdentity('bob@example.com')),
      [],
    ],
    [
      'different cards flagged, but cards grant no access in this tenant',
      customer('s', card('4000 1234', true)),
      customer('v', card('4000 9876', true)),
      [],
      onlyPhonesAndEmailsGrant,
    ],
    [
      'a login card beside a login phone on each, cards granting nothing',
      customer('s', phone(P1, true), card('4000 1234', true)),
      customer('v', phone(P1, true), card('4000 9876', true)),
      [],
      onlyPhonesAndEmailsGrant,
    ],
    // Both reasons
    [
      'different cards and different logins',
      customer('s', loyaltyCard('8812'), phone(P1, true)),
      customer('v', loyaltyCard('9913'), phone(P2, true)),
      [ids('loyaltyCard', '8812', '9913'), access([{ type: 'phone', value: p1 }], [{ type: 'phone', value: p2 }])],
    ],
    ['nothing in the way', customer('s', whatsapp(P1), crmId('C-1')), customer('v', phone(P1), crmId('C-2')), []],
  ])('%s', (_case, survivor, victim, expected, settings = SETTINGS) => {
    expect(summarize(mergeBlocks(survivor, victim, settings))).toEqual(expected);
  });

  it('names both remedies for different unique IDs', () => {
    const [block] = mergeBlocks(customer('s', loyaltyCard('8812')), customer('v', loyaltyCard('9913')), SETTINGS);
    expect(block.remedies).toEqual([
      'Remove the loyaltyCard from one of the profiles',
      'Turn off "do not merge customers with different IDs" for loyaltyCard (affects every customer)',
    ]);
  });

  it('names a remedy per differing contact and per contact type for different logins', () => {
    const [block] = mergeBlocks(
      customer('s', phone(P1, true)),
      customer('v', phone(P1, true), email('ann@example.com', true), card('4000 1234', true)),
      SETTINGS,
    );
    expect(block.remedies).toEqual([
      'Remove email ann@example.com from the profile that is removed, or stop it granting account access',
      'Remove card 4000 1234 from the profile that is removed, or stop it granting account access',
      'Stop email contacts granting account access (affects every customer)',
      'Stop card contacts granting account access (affects every customer)',
    ]);
  });

  it('says which profile holds a differing contact', () => {
    const [block] = mergeBlocks(
      customer('s', phone(P1, true)),
      customer('v', email('ann@example.com', true)),
      SETTINGS,
    );
    expect(block.remedies).toEqual([
      `Remove phone ${p1} from the profile that is kept, or stop it granting account access`,
      'Remove email ann@example.com from the profile that is removed, or stop it granting account access',
      'Stop phone contacts granting account access (affects every customer)',
      'Stop email contacts granting account access (affects every customer)',
    ]);
  });
});

describe('mergeBlocksForMany', () => {
  it.each<[string, CustomerFacts, CustomerFacts[], { victimId: string; blocks: Summary[] }[]]>([
    ['no victims', customer('s'), [], []],
    [
      'every victim fits',
      customer('s', loyaltyCard('8812'), phone(P1, true)),
      [customer('v1', loyaltyCard('8812')), customer('v2', phone(P1, true), crmId('C-9'))],
      [],
    ],
    [
      'each victim against the survivor',
      customer('s', loyaltyCard('8812')),
      [customer('v1', loyaltyCard('9913')), customer('v2', loyaltyCard('8812')), customer('v3', loyaltyCard('7714'))],
      [
        { victimId: 'v1', blocks: [ids('loyaltyCard', '8812', '9913')] },
        { victimId: 'v3', blocks: [ids('loyaltyCard', '8812', '7714')] },
      ],
    ],
    [
      'victims with different cards block each other',
      customer('s'),
      [customer('v1', loyaltyCard('8812')), customer('v2', loyaltyCard('9913'))],
      [{ victimId: 'v2', blocks: [ids('loyaltyCard', '8812', '9913')] }],
    ],
    [
      'victims with different logins block each other',
      customer('s', phone(P2)),
      [customer('v1', phone(P1, true)), customer('v2', email('ann@example.com', true))],
      [
        {
          victimId: 'v2',
          blocks: [access([{ type: 'phone', value: p1 }], [{ type: 'email', value: 'ann@example.com' }])],
        },
      ],
    ],
    [
      'access granted on one profile counts for the merged contact',
      customer('s', phone(P1)),
      [customer('v1', phone(P1, true)), customer('v2', phone(P2, true))],
      [{ victimId: 'v2', blocks: [access([{ type: 'phone', value: p1 }], [{ type: 'phone', value: p2 }])] }],
    ],
    [
      'a blocked victim brings nothing to the ones after it',
      customer('s', loyaltyCard('8812')),
      [customer('v1', loyaltyCard('9913'), phone(P1, true)), customer('v2', email('ann@example.com', true))],
      [{ victimId: 'v1', blocks: [ids('loyaltyCard', '8812', '9913')] }],
    ],
  ])('%s', (_case, survivor, victims, expected) => {
    const blocked = mergeBlocksForMany(survivor, victims, SETTINGS);
    expect(blocked.map(({ victimId, blocks }) => ({ victimId, blocks: summarize(blocks) }))).toEqual(expected);
  });
});
