import { Types } from 'mongoose';
import type {
  ConversationRepository,
  CustomerOwnershipRepository,
  CustomerRepository,
  Detach,
  DetachRepository,
  IdentityRepository,
  MovedAway,
  MovedCollection,
  Stored,
} from '@app/persistence';
import type { DetachesProducer } from '@app/queue';
import type { CustomerLocksService, LockHolders } from '../customer-locks.service.js';
import { DetachStarterService } from './detach-starter.service.js';

const tenantId = new Types.ObjectId().toHexString();
const detachId = new Types.ObjectId();
const sourceId = new Types.ObjectId();
const detachedId = new Types.ObjectId();
const identityId = new Types.ObjectId();
const at = new Date('2026-03-01T10:00:00Z');

const intent = {
  identifier: { type: 'phone', value: '+15550100' },
  contactData: [{ type: 'phone', value: '+15550100', grantsAccess: true }],
  sourceKeepsContactData: false,
  separation: [],
  leavingValues: [],
  before: { id: sourceId.toHexString() },
};

const doneDetach = {
  _id: detachId,
  identityId,
  fromCustomerId: sourceId,
  toCustomerId: detachedId,
  status: 'done',
  intent,
  completedSteps: [],
  createdAt: at,
} as unknown as Stored<Detach>;

/** The undo of a detach over fakes, recording the order of its writes and what it journals. */
function undoWith(options: {
  detach?: Partial<Stored<Detach>> | null;
  claimant?: Partial<Stored<Detach>>;
  /** Another undo (the claimant) claims the detach between this one's first read and its claim. */
  losesClaim?: boolean;
  held?: LockHolders;
  detachedMergedInto?: Types.ObjectId;
  otherIdentity?: Types.ObjectId;
  away?: Partial<Record<MovedCollection, MovedAway[]>>;
}) {
  const order: string[] = [];
  const journal: Record<string, unknown> = {};
  const detach = options.detach === null ? null : { ...doneDetach, ...options.detach };
  let claimTried = false;
  const detaches = {
    findById: async (_tenant: unknown, id: string) => {
      if (id === detachId.toHexString()) {
        return claimTried && options.losesClaim ? { ...detach, undoneBy: options.claimant?._id } : detach;
      }
      if (options.claimant && id === options.claimant._id?.toHexString()) return options.claimant;
      return id === (journal._id as Types.ObjectId | undefined)?.toHexString() ? { ...journal } : null;
    },
    create: async (created: Record<string, unknown>) => {
      order.push('journal');
      Object.assign(journal, created, { status: 'pending' });
      return { ...created, status: 'pending', completedSteps: [] };
    },
    claimUndo: async (_tenant: unknown, _id: unknown, _undoId: unknown, previous: unknown) => {
      order.push(previous ? 'claim over a refused undo' : 'claim');
      claimTried = true;
      return !options.losesClaim;
    },
    setStatus: async (_tenant: unknown, _id: unknown, from: string, to: string) => {
      order.push(`${from}->${to}`);
      journal.status = to;
      return true;
    },
    startRunning: async (_tenant: unknown, _id: unknown, planned: unknown, moved: unknown) => {
      order.push('pending->running');
      Object.assign(journal, { status: 'running', intent: planned, moved });
    },
  };
  const customers = {
    findById: async (_tenant: unknown, id: string) => ({
      _id: new Types.ObjectId(id),
      mergedInto: id === detachedId.toHexString() ? (options.detachedMergedInto ?? null) : null,
    }),
  };
  const identities = {
    findByCustomers: async () => [
      { _id: identityId, customerId: detachedId },
      ...(options.otherIdentity ? [{ _id: options.otherIdentity, customerId: detachedId }] : []),
    ],
  };
  const conversations = {
    totalsOfCustomers: async () => ({ conversations: 2, messages: 7 }),
    totalsOfIdentity: async () => ({ conversations: 2, messages: 7 }),
  };
  const ownership = {
    movedAwayFrom: async (collection: MovedCollection) => options.away?.[collection] ?? [],
  };
  const locks = {
    acquire: async () => {
      order.push('lock');
      return options.held;
    },
    release: async () => void order.push('release'),
  };
  const producer = { execute: async () => void order.push('enqueue') };
  const starter = new DetachStarterService(
    customers as unknown as CustomerRepository,
    identities as unknown as IdentityRepository,
    conversations as unknown as ConversationRepository,
    detaches as unknown as DetachRepository,
    locks as unknown as CustomerLocksService,
    producer as unknown as DetachesProducer,
    ownership as unknown as CustomerOwnershipRepository,
  );
  return { starter, order, journal };
}

const undo = (starter: DetachStarterService, id = detachId.toHexString()) =>
  starter.undo(tenantId, 'supervisor-1', id, 'supervisor');

describe('DetachStarterService.undo', () => {
  it('journals a detach back to the source first, then claims the detach, locks both customers, plans and hands it over', async () => {
    const { starter, order, journal } = undoWith({});

    const { detach: started, repeated } = await undo(starter);

    expect(order).toEqual(['journal', 'claim', 'lock', 'pending->running', 'enqueue']);
    expect(repeated).toBe(false);
    expect(journal).toMatchObject({
      undoes: detachId,
      identityId,
      fromCustomerId: detachedId,
      toCustomerId: sourceId,
      actorId: 'supervisor-1',
      actorRole: 'supervisor',
      intent,
      moved: { identities: 1, conversations: 2, messages: 7, contactData: 1 },
    });
    expect(started).toMatchObject({ status: 'running', undoes: detachId });
  });

  it('answers the undo that claimed the detach, writing nothing', async () => {
    const claimed = new Types.ObjectId();
    const { starter, order } = undoWith({
      detach: { undoneBy: claimed },
      claimant: { _id: claimed, status: 'done', undoes: detachId },
    });

    expect(await undo(starter)).toMatchObject({ detach: { _id: claimed }, repeated: true });
    expect(order).toEqual([]);
  });

  it('takes over the claim of an undo that was refused', async () => {
    const refused = new Types.ObjectId();
    const { starter, order } = undoWith({
      detach: { undoneBy: refused },
      claimant: { _id: refused, status: 'refused', undoes: detachId },
    });

    expect(await undo(starter)).toMatchObject({ repeated: false });
    expect(order).toEqual(['journal', 'claim over a refused undo', 'lock', 'pending->running', 'enqueue']);
  });

  it('answers the winner when another undo claimed the detach in between, its own journal refused', async () => {
    const winner = new Types.ObjectId();
    const { starter, order } = undoWith({
      losesClaim: true,
      claimant: { _id: winner, status: 'running', undoes: detachId },
    });

    expect(await undo(starter)).toMatchObject({ detach: { _id: winner }, repeated: true });
    expect(order).toEqual(['journal', 'claim', 'pending->refused']);
  });

  it.each<[string, Parameters<typeof undoWith>[0], string]>([
    ['an unknown detach', { detach: null }, 'detach_not_found'],
    ['an undo (undone by detaching again)', { detach: { undoes: new Types.ObjectId() } }, 'detach_not_found'],
    ['a detach still running', { detach: { status: 'running' } }, 'detach_not_done'],
  ])('refuses %s before any write', async (_case, options, code) => {
    const { starter, order } = undoWith(options);
    await expect(undo(starter)).rejects.toMatchObject({ code });
    expect(order).toEqual([]);
  });

  it('refuses a malformed id like an unknown one', async () => {
    const { starter, order } = undoWith({});
    await expect(undo(starter, 'not-an-id')).rejects.toMatchObject({ code: 'detach_not_found' });
    expect(order).toEqual([]);
  });

  it('refuses while another journal holds a customer, its journal refused', async () => {
    const { starter, order } = undoWith({ held: { mergeIds: ['m1'], detachIds: [], undoIds: [], moveIds: [] } });
    await expect(undo(starter)).rejects.toMatchObject({ code: 'customer_busy', details: { mergeIds: ['m1'] } });
    expect(order).toEqual(['journal', 'claim', 'lock', 'pending->refused']);
  });

  it('refuses under the locks with every obstacle, giving the locks back', async () => {
    const elsewhere = new Types.ObjectId();
    const other = new Types.ObjectId();
    const mergeId = new Types.ObjectId();
    const { starter, order } = undoWith({
      detachedMergedInto: elsewhere,
      otherIdentity: other,
      away: { identities: [{ id: identityId, customerId: elsewhere, movedBy: { mergeId } }] },
    });

    await expect(undo(starter)).rejects.toMatchObject({
      code: 'undo_blocked',
      details: {
        detachId: detachId.toHexString(),
        obstacles: [
          { reason: 'customer_merged', customerId: detachedId.toHexString(), mergedInto: elsewhere.toHexString() },
          { reason: 'identities_held', customerId: detachedId.toHexString(), identityIds: [other.toHexString()] },
          {
            reason: 'identity_moved',
            identityId: identityId.toHexString(),
            customerId: elsewhere.toHexString(),
            movedBy: { mergeId: mergeId.toHexString() },
          },
        ],
      },
    });
    expect(order).toEqual(['journal', 'claim', 'lock', 'release', 'pending->refused']);
  });
});
