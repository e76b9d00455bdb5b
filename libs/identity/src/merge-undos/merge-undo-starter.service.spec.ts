import { Types } from 'mongoose';
import type { CustomerFacts } from '@app/domain';
import type {
  ConversationRepository,
  CustomerOwnershipRepository,
  CustomerRepository,
  IdentityRepository,
  Merge,
  MergeRepository,
  MergeUndo,
  MergeUndoRepository,
  MovedAway,
  MovedCollection,
  Stored,
} from '@app/persistence';
import type { MergeUndosProducer } from '@app/queue';
import type { CustomerLocksService, LockHolders } from '../customer-locks.service.js';
import { MergeUndoStarterService } from './merge-undo-starter.service.js';

const tenantId = new Types.ObjectId().toHexString();
const mergeId = new Types.ObjectId();
const survivorId = new Types.ObjectId();
const victimId = new Types.ObjectId();
const identityId = new Types.ObjectId();
const at = new Date('2026-03-01T10:00:00Z');
const messageSince = new Date('2026-03-02T09:00:00Z');

const facts = (id: Types.ObjectId, identities: CustomerFacts['identities']): CustomerFacts => ({
  id: id.toHexString(),
  kind: 'contact',
  identities,
  contactData: [],
  uniqueIdentifiers: [],
  createdAt: at,
});

const doneMerge = {
  _id: mergeId,
  survivorId,
  victimIds: [victimId],
  status: 'done',
  before: [
    facts(survivorId, []),
    facts(victimId, [
      {
        id: identityId.toHexString(),
        kind: 'whatsapp',
        identifierType: 'phone',
        address: '+15550100',
        anonymous: false,
      },
    ]),
  ],
} as unknown as Stored<Merge>;

/** A starter over fakes, recording the order of its writes. */
function starterWith(options: {
  merge?: Partial<Stored<Merge>> | null;
  claimant?: Partial<Stored<MergeUndo>>;
  claims?: boolean;
  held?: LockHolders;
  survivorMergedInto?: Types.ObjectId;
  away?: Partial<Record<MovedCollection, MovedAway[]>>;
}) {
  const order: string[] = [];
  const merge = options.merge === null ? null : { ...doneMerge, ...options.merge };
  const merges = {
    findById: async () => merge,
    claimUndo: async () => {
      order.push('claim');
      return options.claims ?? true;
    },
    releaseUndo: async () => void order.push('unclaim'),
  };
  const undos = {
    findById: async () => options.claimant ?? null,
    create: async (undo: Record<string, unknown>) => {
      order.push('journal');
      return { ...undo, status: 'pending', completedSteps: [] };
    },
    setStatus: async (_t: unknown, _id: unknown, from: string, to: string) => void order.push(`${from}->${to}`),
    startRunning: async () => void order.push('pending->running'),
  };
  const customers = {
    findById: async () => ({ _id: survivorId, mergedInto: options.survivorMergedInto ?? null }),
  };
  const identities = {
    findReturning: async () => [
      { _id: identityId, customerId: survivorId, identifierType: 'phone', address: '+15550100' },
    ],
  };
  const conversations = {
    totalsOfIdentities: async () => ({
      conversations: 3,
      messages: 9,
      lastMessageAt: { [identityId.toHexString()]: messageSince },
    }),
  };
  const ownership = { movedAwaySince: async (collection: MovedCollection) => options.away?.[collection] ?? [] };
  const locks = {
    acquire: async () => {
      order.push('lock');
      return options.held;
    },
    release: async () => void order.push('release'),
  };
  const producer = { execute: async () => void order.push('enqueue') };
  const starter = new MergeUndoStarterService(
    merges as unknown as MergeRepository,
    undos as unknown as MergeUndoRepository,
    customers as unknown as CustomerRepository,
    identities as unknown as IdentityRepository,
    conversations as unknown as ConversationRepository,
    ownership as unknown as CustomerOwnershipRepository,
    locks as unknown as CustomerLocksService,
    producer as unknown as MergeUndosProducer,
  );
  return { starter, order };
}

const start = (starter: MergeUndoStarterService) => starter.start(tenantId, 'supervisor-1', mergeId.toHexString());

describe('MergeUndoStarterService', () => {
  it('journals first, then claims the merge, locks both customers, plans and hands the undo over', async () => {
    const { starter, order } = starterWith({});

    const { undo, repeated } = await start(starter);

    expect(order).toEqual(['journal', 'claim', 'lock', 'pending->running', 'enqueue']);
    expect(repeated).toBe(false);
    expect(undo).toMatchObject({
      status: 'running',
      intent: {
        identities: { [identityId.toHexString()]: victimId.toHexString() },
        // A message that arrived since on a conversation it takes back is the victim's latest activity.
        lastActiveAt: { [victimId.toHexString()]: messageSince },
      },
      moved: { identities: 1, conversations: 3, messages: 9 },
    });
  });

  it('answers the undo that claimed the merge, writing nothing', async () => {
    const claimed = new Types.ObjectId();
    const { starter, order } = starterWith({
      merge: { undoId: claimed },
      claimant: { _id: claimed, status: 'done', createdAt: at },
    });

    expect(await start(starter)).toMatchObject({ undo: { _id: claimed }, repeated: true });
    expect(order).toEqual([]);
  });

  it.each<[string, Parameters<typeof starterWith>[0], string]>([
    ['an unknown merge', { merge: null }, 'merge_not_found'],
    ['a merge still running', { merge: { status: 'running' } }, 'merge_not_done'],
  ])('refuses %s before any write', async (_case, options, code) => {
    const { starter, order } = starterWith(options);
    await expect(start(starter)).rejects.toMatchObject({ code });
    expect(order).toEqual([]);
  });

  it('refuses while another journal holds a customer, giving the claim back', async () => {
    const { starter, order } = starterWith({ held: { mergeIds: ['m1'], detachIds: [], undoIds: [], moveIds: [] } });

    await expect(start(starter)).rejects.toMatchObject({ code: 'customer_busy', details: { mergeIds: ['m1'] } });

    expect(order).toEqual(['journal', 'claim', 'lock', 'pending->refused', 'unclaim']);
  });

  it('refuses under the locks with every obstacle, releasing the locks and the claim', async () => {
    const elsewhere = new Types.ObjectId();
    const detachId = new Types.ObjectId();
    const { starter, order } = starterWith({
      survivorMergedInto: elsewhere,
      away: { identities: [{ id: identityId, customerId: elsewhere, movedBy: { detachId } }] },
    });

    await expect(start(starter)).rejects.toMatchObject({
      code: 'undo_blocked',
      details: {
        obstacles: [
          { reason: 'survivor_merged', survivorId: survivorId.toHexString(), mergedInto: elsewhere.toHexString() },
          {
            reason: 'identity_moved',
            identityId: identityId.toHexString(),
            customerId: elsewhere.toHexString(),
            movedBy: { detachId: detachId.toHexString() },
          },
        ],
      },
    });
    expect(order).toEqual(['journal', 'claim', 'lock', 'release', 'pending->refused', 'unclaim']);
  });
});
