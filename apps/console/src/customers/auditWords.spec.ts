import { describe, expect, it } from '@jest/globals';
import {
  actorInWords,
  auditInWords,
  counterpartOf,
  obstacleInWords,
  undoFailureInWords,
  undoInWords,
  undoneOperations,
  undoTargetOf,
  valueInWords,
} from './auditWords';
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

const detach = record({
  type: 'identity.detached',
  customerIds: ['c1', 'c9'],
  before: { customer: { id: 'c1', name: 'Maria', identities: [{ id: 'i1', displayAddress: '+1 555 0100' }] } },
  after: {
    detachId: 'd1',
    identityId: 'i1',
    fromCustomerId: 'c1',
    toCustomerId: 'c9',
    contactData: [{ type: 'phone', value: '+15550100' }],
    moved: { identities: 1, conversations: 1, messages: 2, contactData: 1 },
  },
});
const move = record({
  type: 'conversation.moved',
  customerIds: ['c1', 'c2'],
  before: { customerId: 'c1' },
  after: { customerId: 'c2', moveId: 'mv1', conversationId: 'k1', identityId: 'i1', moved: { conversations: 1 } },
});
const moveBack = record({
  type: 'conversation.moved',
  customerIds: ['c2', 'c1'],
  before: { customerId: 'c2' },
  after: { customerId: 'c1', moveId: 'mv2', undoes: 'mv1', conversationId: 'k1', moved: { conversations: 1 } },
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

  it('says a merge the uniqueness setting started was, and why one it wanted was refused', () => {
    const merged = auditInWords(record({ type: 'customer.merged', trigger: { kind: 'uniqueness' } }));
    expect(merged.details).toContain('By the uniqueness setting (the newer into the original)');
    const refused = auditInWords(
      record({
        type: 'uniqueness.refused',
        trigger: { kind: 'uniqueness', id: 'c2' },
        after: { code: 'merge_blocked', detail: 'a guard refuses this merge', values: ['REF-1'], survivorId: 'c1' },
      }),
    );
    expect(refused).toEqual({
      title: "The customers sharing REF-1 were not merged: the uniqueness setting's merge was refused",
      details: ['After a change by A supervisor (…000001)', 'Reason: a guard refuses this merge'],
    });
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

  it('names the detached identity as the page shows it, when the page knows it', () => {
    expect(auditInWords(detach, 'me', { names: { i1: '(555) 0100' } }).title).toBe(
      'A supervisor (…000001) detached (555) 0100 from Maria into a new customer',
    );
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

  it('says an undone detach gave the identity back, to this customer or to the one it left', () => {
    const undone = record({
      type: 'detach.undone',
      after: {
        detachId: 'd1',
        fromCustomerId: 'c9',
        toCustomerId: 'c1',
        contactData: [{ type: 'phone', value: '+15550100' }],
        moved: { identities: 1, conversations: 1 },
      },
    });
    const words = auditInWords(undone, 'me', { customerId: 'c1' });
    expect(words.title).toBe('A supervisor (…000001) undid a detach: the identity went back to this customer');
    expect(words.details).toEqual(['Given back: 1 identity, 1 conversation', 'Contact data back: phone +15550100']);
    expect(auditInWords(undone, 'me', { customerId: 'c9' }).title).toBe(
      'A supervisor (…000001) undid a detach: the identity went back to the customer it was detached from',
    );
  });

  it.each([
    [move, 'c1', 'moved a conversation to another customer', 'Moved'],
    [move, 'c2', 'moved a conversation here from another customer', 'Moved'],
    [move, undefined, 'moved a conversation between customers', 'Moved'],
    [moveBack, 'c1', 'undid a move: the conversation came back here', 'Moved back'],
    [moveBack, 'c2', 'undid a move: the conversation went back to the customer it came from', 'Moved back'],
  ])('reads a move from the page of its customer (%#)', (moved, customerId, title, verb) => {
    const words = auditInWords(moved, 'u-000001', { customerId });
    expect(words.title).toBe(`You ${title}`);
    expect(words.details).toEqual([`${verb}: 1 conversation`]);
  });

  it.each([
    [detach, 'c1', { customerId: 'c9', label: 'Open the new customer' }],
    [detach, 'c9', { customerId: 'c1', label: 'Open the customer it was detached from' }],
    [move, 'c1', { customerId: 'c2', label: 'Open the customer it went to' }],
    [moveBack, 'c1', { customerId: 'c2', label: 'Open the customer it came from' }],
    [move, 'c3', undefined],
    [record({}), 'c1', undefined],
  ])('links the other customer of a detach or move (%#)', (shown, customerId, link) => {
    expect(counterpartOf(shown, customerId)).toEqual(link);
  });
});

describe('undo', () => {
  it.each([
    [record({ type: 'customer.merged', after: { mergeId: 'm1' } }), { kind: 'merge', id: 'm1' }],
    [record({ type: 'identity.detached', after: { detachId: 'd1' } }), { kind: 'detach', id: 'd1' }],
    [record({ type: 'conversation.moved', after: { moveId: 'mv1' } }), { kind: 'move', id: 'mv1' }],
    [record({ type: 'conversation.moved', after: { moveId: 'mv2', undoes: 'mv1' } }), undefined],
    [record({ type: 'merge.undone', after: { mergeId: 'm1' } }), undefined],
    [record({ type: 'customer.updated' }), undefined],
  ])('offers Undo on merges, detaches and moves, not on undos (%#)', (shown, target) => {
    expect(undoTargetOf(shown)).toEqual(target);
  });

  it('knows the merges, detaches and moves undone already', () => {
    const undone = undoneOperations([
      record({ type: 'merge.undone', after: { mergeId: 'm1' } }),
      record({ type: 'merge.undone', trigger: { kind: 'merge', id: 'm2' } }),
      record({ type: 'customer.merged', after: { mergeId: 'm3' } }),
      record({ type: 'detach.undone', after: { detachId: 'd1' } }),
      record({ type: 'identity.detached', after: { detachId: 'd2' } }),
      record({ type: 'conversation.moved', after: { moveId: 'mv2', undoes: 'mv1' } }),
      record({ type: 'conversation.moved', after: { moveId: 'mv3' } }),
    ]);
    expect([...undone].sort()).toEqual(['detach:d1', 'merge:m1', 'merge:m2', 'move:mv1']);
  });

  it('confirms a detach undo by what goes back where, naming the customers it knows', () => {
    expect(undoInWords(detach, 'detach', { c9: 'Max' })).toEqual({
      title: 'Undo this detach?',
      sentences: [
        '+1 555 0100 goes back to Maria with its conversations (messages that arrived since included) and the ' +
          'contact data phone +15550100.',
        'Max, the customer the detach created, is then closed: opening it leads to Maria.',
      ],
      confirm: 'Undo detach',
    });
    expect(undoInWords(detach, 'detach', { c1: 'Maria Silva', i1: '(555) 0100' }).sentences).toEqual([
      '(555) 0100 goes back to Maria Silva with its conversations (messages that arrived since included) and the ' +
        'contact data phone +15550100.',
      'The customer the detach created is then closed: opening it leads to Maria Silva.',
    ]);
  });

  it('confirms a move undo by the customers it goes between, named when known', () => {
    expect(undoInWords(move, 'move', { c1: 'Carol', c2: 'Dave' })).toEqual({
      title: 'Undo this move?',
      sentences: [
        'The conversation leaves Dave and goes back to Carol, with its messages (those that arrived since included).',
        'Only the conversation moves: identities and contact data stay where they are.',
      ],
      confirm: 'Undo move',
    });
    expect(undoInWords(move, 'move', {}).sentences[0]).toBe(
      'The conversation leaves the customer it was moved to and goes back to the customer it came from, with its ' +
        'messages (those that arrived since included).',
    );
  });

  it('confirms a merge undo by the merge it undoes', () => {
    const merged = record({
      type: 'customer.merged',
      before: {
        customers: [
          { id: 'c1', name: 'Ann' },
          { id: 'c2', name: 'Bo' },
        ],
      },
      after: { mergeId: 'm1', survivorId: 'c1', victimIds: ['c2'] },
    });
    const words = undoInWords(merged, 'merge', {}, 'u-000001');
    expect(words.title).toBe('Undo this merge?');
    expect(words.sentences[0]).toBe('You merged Bo into Ann.');
    expect(words.confirm).toBe('Undo merge');
  });

  it.each([
    [
      'merge',
      { reason: 'survivor_merged', mergedInto: 'c3' },
      { text: 'The kept customer was itself merged into another customer since.', customerId: 'c3' },
    ],
    [
      'merge',
      { reason: 'identity_moved', identityId: 'i1', customerId: 'c-000009', movedBy: { detachId: 'd1' } },
      { text: 'An identity the merge moved has left this customer, by a later detach.', customerId: 'c-000009' },
    ],
    [
      'merge',
      {
        reason: 'identifier_owned_elsewhere',
        identifierType: 'phone',
        value: '+15550100',
        customerId: 'c-000009',
        movedBy: {},
      },
      { text: 'The phone +15550100 belongs to another customer now.', customerId: 'c-000009' },
    ],
    [
      'detach',
      { reason: 'customer_merged', customerId: 'c1', mergedInto: 'c3' },
      { text: 'Maria was merged into another customer since.', customerId: 'c3' },
    ],
    [
      'detach',
      { reason: 'customer_merged', customerId: 'c7', mergedInto: 'c3' },
      { text: 'A customer of this detach was merged into another customer since.', customerId: 'c3' },
    ],
    [
      'detach',
      { reason: 'identities_held', customerId: 'c9', identityIds: ['i2', 'i3'] },
      { text: 'The customer the detach created holds 2 other identities since.', customerId: 'c9' },
    ],
    [
      'detach',
      { reason: 'conversations_held', customerId: 'c9', conversations: 1 },
      { text: 'The customer the detach created holds another conversation since.', customerId: 'c9' },
    ],
    [
      'detach',
      { reason: 'conversation_moved', conversationId: 'k1', customerId: 'c4', movedBy: { moveId: 'mv1' } },
      {
        text: 'A conversation the detach moved has left the customer the detach created, by a later move.',
        customerId: 'c4',
      },
    ],
    [
      'move',
      { reason: 'conversation_moved', conversationId: 'k1', customerId: 'c4', movedBy: { mergeId: 'm1' } },
      { text: 'The conversation has left the customer it was moved to, by a later merge.', customerId: 'c4' },
    ],
    ['move', { reason: 'customer_missing', customerId: 'c1' }, { text: 'Maria no longer exists.', customerId: 'c1' }],
  ] as const)('explains a %s undo obstacle %j', (kind, obstacle, words) => {
    expect(obstacleInWords(kind, obstacle, { c1: 'Maria' })).toEqual(words);
  });

  it.each([
    ['detach', 'undo_blocked', 'This detach can no longer be undone cleanly:', true],
    ['move', 'move_not_done', 'This move has not finished yet; it can be undone once it is done.', undefined],
    ['merge', 'merge_not_found', 'This merge no longer exists.', undefined],
    ['detach', 'forbidden', 'Only supervisors and admins undo detaches.', undefined],
    [
      'move',
      'customer_busy',
      'A merge, detach, move or undo of these customers is running. Try again in a moment.',
      undefined,
    ],
  ] as const)('says why a %s undo was refused as %s', (kind, code, message, final) => {
    const failure = undoFailureInWords(kind, { code, extensions: {} });
    expect(failure?.message).toBe(message);
    expect(failure?.final).toBe(final);
  });

  it('lists the obstacles of a blocked undo, and leaves an unknown refusal to the problem’s own words', () => {
    const extensions = { obstacles: [{ reason: 'conversations_held', customerId: 'c9', conversations: 2 }] };
    expect(undoFailureInWords('detach', { code: 'undo_blocked', extensions })?.obstacles).toEqual([
      { text: 'The customer the detach created holds 2 other conversations since.', customerId: 'c9' },
    ]);
    expect(undoFailureInWords('merge', { code: 'detach_not_done', extensions: {} })).toBeUndefined();
  });
});
