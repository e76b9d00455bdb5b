import { describe, expect, it } from '@jest/globals';
import {
  blocksOfProblem,
  conflictInWords,
  describeBlock,
  describeEvidence,
  movesInWords,
  scoreLabel,
  type Party,
} from './describe';
import type { CustomerProfile, MergeBlock } from './types';

const profile = (id: string, fields: Partial<CustomerProfile>): CustomerProfile => ({
  id,
  name: null,
  kind: 'contact',
  identities: [],
  contactData: [],
  uniqueIdentifiers: [],
  createdAt: '2026-03-01T10:00:00.000Z',
  updatedAt: '2026-03-01T10:00:00.000Z',
  lastActiveAt: null,
  ...fields,
});

const whatsapp: Party = {
  id: 'w',
  label: '+1 650 555 1234',
  profile: profile('w', {
    identities: [
      {
        id: 'i1',
        kind: 'whatsapp',
        channelId: 'c1',
        address: '+16505551234',
        displayAddress: '+1 650 555 1234',
        anonymous: false,
        conversationCount: 1,
      },
    ],
  }),
};
const ann: Party = {
  id: 'a',
  label: 'Ann',
  profile: profile('a', {
    name: 'Ann',
    contactData: [{ type: 'phone', value: '+16505551234', grantsAccess: false }],
    uniqueIdentifiers: [{ type: 'loyaltyCard', value: '8812' }],
  }),
};

describe('describeEvidence', () => {
  it('says which address of whom is listed on whose profile', () => {
    const evidence = { rule: 'identity_matches_contact', values: ['+16505551234', '+16505551234'] };
    expect(describeEvidence(evidence, [ann, whatsapp])).toBe(
      'WhatsApp +1 650 555 1234 is listed as a phone on Ann’s profile',
    );
  });

  it('falls back to the value while the profiles are not loaded', () => {
    const evidence = { rule: 'identity_matches_contact', values: ['+16505551234', '+16505551234'] };
    const bare = [
      { id: 'a', label: 'Ann' },
      { id: 'w', label: 'Customer …000001' },
    ];
    expect(describeEvidence(evidence, bare)).toContain('+16505551234');
  });

  it.each([
    [{ rule: 'same_unique_identifier', values: ['8812', '8812'] }, 'Both have loyaltyCard 8812'],
    [
      { rule: 'same_contact_email', values: ['ann@example.com', 'ann@example.com'] },
      'Both profiles list the email address ann@example.com',
    ],
    [
      { rule: 'similar_email', values: ['a.nn@gmail.com', 'ann@gmail.com'] },
      'Similar email addresses: a.nn@gmail.com and ann@gmail.com',
    ],
    [{ rule: 'some_new_rule', values: ['x', 'x'] }, 'some new rule: x'],
  ])('words %j', (evidence, words) => {
    expect(describeEvidence(evidence, [ann, whatsapp])).toBe(words);
  });
});

describe('guards', () => {
  it('explains different unique identifiers with both values', () => {
    const block: MergeBlock = {
      code: 'different_unique_identifiers',
      identifierType: 'loyaltyCard',
      values: ['8812', '9900'],
      remedies: ['r'],
    };
    expect(describeBlock(block, 'Ann', 'Bob')).toContain('Different loyaltyCard: 8812 on Ann, 9900 on Bob');
  });

  it('explains different access-granting contacts', () => {
    const blocks = blocksOfProblem({
      blocks: [
        {
          victimId: 'b',
          blocks: [
            {
              code: 'different_access_contacts',
              survivorOnly: [{ type: 'email', value: 'ann@example.com' }],
              victimOnly: [{ type: 'phone', value: '+15550100' }],
              remedies: ['one', 'two'],
            },
          ],
        },
      ],
    });
    expect(blocks).toHaveLength(1);
    expect(describeBlock(blocks[0], 'Ann', 'Bob')).toContain(
      'email address ann@example.com only on Ann; phone +15550100 only on Bob',
    );
  });
});

describe('numbers in words', () => {
  it('counts what moves, singular and plural, without internal bookkeeping', () => {
    expect(
      movesInWords({ identities: 1, conversations: 2, identifier_owners: 3, messages: 0, contactData: 1, notes: 4 }),
    ).toEqual(['1 identity', '2 conversations', '1 contact detail', '4 notes']);
  });

  it('shows a score as a percentage', () => {
    expect(scoreLabel(0.9)).toBe('90%');
    expect(scoreLabel(1.2)).toBe('100%');
  });
});

describe('conflictInWords', () => {
  const conflict = {
    field: 'name',
    values: [
      { customerId: 'w', value: 'Maria S.' },
      { customerId: 'm', value: 'Maria Silva' },
    ],
  };

  it.each([
    ['the kept value first, marked', 'm', 'name: Maria Silva (kept) / Maria S.'],
    ['the other way round when the other is kept', 'w', 'name: Maria S. (kept) / Maria Silva'],
  ])('%s', (_case, survivorId, words) => {
    expect(conflictInWords(conflict, survivorId)).toBe(words);
  });
});
