import { describe, expect, it } from '@jest/globals';
import { actorInWords, auditInWords, obstacleInWords, undoneMerges, valueInWords } from './auditWords';
import type { AuditRecord } from './types';

const record = (fields: Partial<AuditRecord>): AuditRecord => ({
  id: 'r1',
  type: 'customer.updated',
  actor: { kind: 'user', id: 'u-000001', role: 'supervisor' },
  trigger: { kind: 'request' },
  customerIds: ['c1'],
  before: {},
  after: {},
  at: '2026-03-01T10:00:00.000Z',
  ...fields,
});

describe('actorInWords', () => {
  it.each([
    [{ kind: 'user', id: 'u-000001', role: 'supervisor' }, 'A supervisor (…000001)'],
    [{ kind: 'user', id: 'u-000002', role: 'admin' }, 'An admin (…000002)'],
    [{ kind: 'user', id: 'u-000003' }, 'A user (…000003)'],
    [{ kind: 'user', id: 'me' }, 'You'],
    [{ kind: 'connector', keyId: 'key-abcdef' }, 'Connector key …abcdef'],
    [{ kind: 'system', rule: 'same-identifier' }, 'The system (same identifier rule)'],
  ] as const)('%j → %s', (actor, words) => {
    expect(actorInWords(actor, 'me')).toBe(words);
  });
});

describe('valueInWords', () => {
  it.each([
    [null, 'none'],
    ['Ann', 'Ann'],
    [[], 'none'],
    [[{ type: 'phone', value: '+15550100', grantsAccess: true }], 'phone +15550100 (grants access)'],
    [{ loyaltyCard: '8812' }, 'loyaltyCard: 8812'],
  ])('%j → %s', (value, words) => {
    expect(valueInWords(value)).toBe(words);
  });
});

describe('auditInWords', () => {
  it('names a merge by the customers as they were, with what moved and the fields the survivor changed', () => {
    const words = auditInWords(
      record({
        type: 'customer.merged',
        trigger: { kind: 'suggestion', id: 's1' },
        before: {
          customers: [
            { id: 'c1', kind: 'contact', identities: [{ address: 'ann@example.com' }] },
            { id: 'c2', name: 'Ann Lee', kind: 'member', identities: [] },
          ],
        },
        after: {
          mergeId: 'm1',
          survivorId: 'c1',
          victimIds: ['c2'],
          fields: { name: 'Ann Lee', kind: 'member' },
          moved: { identities: 1, conversations: 2 },
        },
      }),
    );
    expect(words.title).toBe('A supervisor (…000001) merged Ann Lee into ann@example.com');
    expect(words.details).toEqual([
      'Moved: 1 identity, 2 conversations',
      'Name: none → Ann Lee',
      'Kind: contact → member',
      'From a merge suggestion',
    ]);
  });

  it('names the detached identity by its address, with what moved and the reason', () => {
    const words = auditInWords(
      record({
        type: 'identity.detached',
        before: { customer: { id: 'c1', name: 'Maria', identities: [{ id: 'i1', displayAddress: '+1 555 0100' }] } },
        after: {
          identityId: 'i1',
          toCustomerId: 'c9',
          contactData: [{ type: 'phone', value: '+15550100' }],
          moved: { conversations: 1 },
          reason: 'Her husband',
        },
      }),
    );
    expect(words.title).toBe('A supervisor (…000001) detached +1 555 0100 from Maria into a new customer');
    expect(words.details).toEqual([
      'Moved to the new customer: 1 conversation',
      'Contact data moved: phone +15550100',
      'Reason: Her husband',
    ]);
  });

  it('shows an edit field by field, as it was and became', () => {
    const words = auditInWords(
      record({
        before: { name: null, contactData: [] },
        after: { name: 'Ann', contactData: [{ type: 'email', value: 'a@x.io' }] },
      }),
    );
    expect(words.details).toEqual(['Name: none → Ann', 'Contact data: none → email a@x.io']);
  });
});

describe('undo', () => {
  it('knows the merges undone already', () => {
    const undone = undoneMerges([
      record({ type: 'merge.undone', after: { mergeId: 'm1' } }),
      record({ type: 'merge.undone', trigger: { kind: 'merge', id: 'm2' } }),
      record({ type: 'customer.merged', after: { mergeId: 'm3' } }),
    ]);
    expect([...undone].sort()).toEqual(['m1', 'm2']);
  });

  it.each([
    [
      { reason: 'survivor_merged', mergedInto: 'c3' },
      { text: 'The kept customer was itself merged into another customer since.', customerId: 'c3' },
    ],
    [
      { reason: 'identity_moved', identityId: 'i1', customerId: 'c-000009', movedBy: { detachId: 'd1' } },
      { text: 'An identity the merge moved has left this customer, by a later detach.', customerId: 'c-000009' },
    ],
    [
      {
        reason: 'identifier_owned_elsewhere',
        identifierType: 'phone',
        value: '+15550100',
        customerId: 'c-000009',
        movedBy: {},
      },
      { text: 'The phone +15550100 belongs to another customer now.', customerId: 'c-000009' },
    ],
  ])('explains %j', (obstacle, words) => {
    expect(obstacleInWords(obstacle)).toEqual(words);
  });
});
