import { Types } from 'mongoose';
import type {
  Conversation,
  ConversationRepository,
  Customer,
  CustomerRepository,
  Move,
  MoveRepository,
  Stored,
} from '@app/persistence';
import type { MovesProducer } from '@app/queue';
import type { CustomerLocksService, LockHolders } from '../customer-locks.service.js';
import { MoveStarterService } from './move-starter.service.js';

const tenantId = new Types.ObjectId().toHexString();
const annId = new Types.ObjectId();
const bobId = new Types.ObjectId();
const conversationId = new Types.ObjectId();
const identityId = new Types.ObjectId();
const at = new Date('2026-03-01T10:00:00Z');

const conversation = (customerId: Types.ObjectId, trail: Record<string, Types.ObjectId>[] = []) =>
  ({
    _id: conversationId,
    customerId,
    identityId,
    messageCount: 4,
    mergeTrail: trail,
  }) as unknown as Stored<Conversation>;

const customer = (_id: Types.ObjectId, mergedInto: Types.ObjectId | null = null) =>
  ({
    _id,
    mergedInto,
    contactData: [],
    uniqueIdentifiers: [],
    createdAt: at,
    updatedAt: at,
  }) as unknown as Stored<Customer>;

/** A starter over fakes, recording the order of its calls. */
function starterWith(options: {
  conversations?: (Stored<Conversation> | null)[];
  customers?: Record<string, Stored<Customer> | null>;
  held?: LockHolders;
  journals?: Record<string, Partial<Stored<Move>>>;
  claimed?: boolean;
}) {
  const order: string[] = [];
  const reads = [...(options.conversations ?? [conversation(annId)])];
  const conversations = {
    findById: async () => {
      order.push('read conversation');
      return reads.length > 1 ? reads.shift()! : reads[0];
    },
  };
  const customers = {
    findById: async (_tenant: unknown, id: string) =>
      options.customers && id in options.customers ? options.customers[id] : customer(new Types.ObjectId(id)),
  };
  const journals: Record<string, Partial<Stored<Move>>> = { ...options.journals };
  const moves = {
    create: async (move: Stored<Move>) => {
      order.push(move.undoes ? 'undo journal' : 'journal');
      journals[move._id.toHexString()] = { ...move, status: 'pending', completedSteps: [], moved: {} };
    },
    findById: async (_tenant: unknown, id: string) => (journals[id] as Stored<Move>) ?? null,
    setStatus: async (_tenant: unknown, id: Types.ObjectId, from: string, to: string) => {
      order.push(`${from}->${to}`);
      journals[id.toHexString()].status = to as Move['status'];
      return true;
    },
    startRunning: async (_tenant: unknown, id: Types.ObjectId, moved: Record<string, number>) => {
      order.push('pending->running');
      Object.assign(journals[id.toHexString()], { status: 'running', moved });
    },
    claimUndo: async () => {
      order.push('claim');
      return options.claimed ?? true;
    },
  };
  const locks = {
    acquire: async () => {
      order.push('lock');
      return options.held;
    },
    release: async () => {
      order.push('release');
    },
  };
  const producer = { execute: async () => void order.push('enqueue') };
  const starter = new MoveStarterService(
    conversations as unknown as ConversationRepository,
    customers as unknown as CustomerRepository,
    moves as unknown as MoveRepository,
    locks as unknown as CustomerLocksService,
    producer as unknown as MovesProducer,
  );
  return { starter, order, journals };
}

const request = { conversationId: conversationId.toHexString(), customerId: bobId.toHexString() };

describe('MoveStarterService.start', () => {
  it('journals first, then locks, checks under the locks, journals the counts and enqueues', async () => {
    const { starter, order } = starterWith({});
    const move = await starter.start(tenantId, 'supervisor', request);
    expect(order).toEqual(['read conversation', 'journal', 'lock', 'read conversation', 'pending->running', 'enqueue']);
    expect(move).toMatchObject({ fromCustomerId: annId, toCustomerId: bobId, identityId, status: 'running' });
    expect(move.moved).toEqual({ conversations: 1, messages: 4 });
  });

  it.each<[string, Parameters<typeof starterWith>[0], string]>([
    ['the target merged away', { customers: { [bobId.toHexString()]: customer(bobId, annId) } }, 'customer_merged'],
    ['the target missing', { customers: { [bobId.toHexString()]: null } }, 'customer_not_found'],
    [
      'the conversation moved before the locks',
      { conversations: [conversation(annId), conversation(new Types.ObjectId())] },
      'conversation_moved',
    ],
  ])('refuses %s, giving the locks back', async (_case, options, code) => {
    const { starter, order } = starterWith(options);
    await expect(starter.start(tenantId, 'supervisor', request)).rejects.toMatchObject({ code });
    expect(order.slice(-2)).toEqual(['release', 'pending->refused']);
    expect(order).not.toContain('enqueue');
  });

  it('refuses a busy customer without checking, naming the holder', async () => {
    const held = { mergeIds: [], detachIds: [], undoIds: [], moveIds: ['m1'] };
    const { starter, order } = starterWith({ held });
    await expect(starter.start(tenantId, 'supervisor', request)).rejects.toMatchObject({
      code: 'customer_busy',
      details: { moveIds: ['m1'] },
    });
    expect(order).toEqual(['read conversation', 'journal', 'lock', 'pending->refused']);
  });

  it('refuses the same customer and unknown ids before any write', async () => {
    const { starter, order } = starterWith({});
    await expect(
      starter.start(tenantId, 'supervisor', { ...request, customerId: annId.toHexString() }),
    ).rejects.toMatchObject({ code: 'same_customer' });
    await expect(starter.start(tenantId, 'supervisor', { ...request, conversationId: 'x' })).rejects.toMatchObject({
      code: 'conversation_not_found',
    });
    await expect(starter.start(tenantId, 'supervisor', { ...request, customerId: 'x' })).rejects.toMatchObject({
      code: 'customer_not_found',
    });
    expect(order).not.toContain('journal');
  });
});

describe('MoveStarterService.undo', () => {
  const moveId = new Types.ObjectId();
  const done = {
    _id: moveId,
    conversationId,
    identityId,
    fromCustomerId: annId,
    toCustomerId: bobId,
    status: 'done' as const,
  };

  it('claims the move, then locks, checks and enqueues a move back', async () => {
    const { starter, order } = starterWith({
      conversations: [conversation(bobId, [{ moveId, from: annId }])],
      journals: { [moveId.toHexString()]: done },
    });
    const { move, repeated } = await starter.undo(tenantId, 'supervisor', moveId.toHexString());
    expect(repeated).toBe(false);
    expect(move).toMatchObject({ fromCustomerId: bobId, toCustomerId: annId, undoes: moveId, status: 'running' });
    expect(order.slice(0, 3)).toEqual(['undo journal', 'claim', 'lock']);
    expect(order.at(-1)).toBe('enqueue');
  });

  it('answers the undo that claimed the move on a repeat', async () => {
    const undoId = new Types.ObjectId();
    const { starter, order } = starterWith({
      journals: {
        [moveId.toHexString()]: { ...done, undoneBy: undoId },
        [undoId.toHexString()]: { _id: undoId, status: 'running' },
      },
    });
    expect(await starter.undo(tenantId, 'supervisor', moveId.toHexString())).toMatchObject({
      repeated: true,
      move: { _id: undoId },
    });
    expect(order).toEqual([]);
  });

  it('refuses with every obstacle, giving the locks back', async () => {
    const elsewhere = new Types.ObjectId();
    const onward = new Types.ObjectId();
    const { starter, order } = starterWith({
      conversations: [
        conversation(elsewhere, [
          { moveId, from: annId },
          { moveId: onward, from: bobId },
        ]),
      ],
      customers: { [annId.toHexString()]: customer(annId, elsewhere) },
      journals: { [moveId.toHexString()]: done },
    });
    await expect(starter.undo(tenantId, 'supervisor', moveId.toHexString())).rejects.toMatchObject({
      code: 'undo_blocked',
      details: {
        obstacles: [
          {
            reason: 'conversation_moved',
            customerId: elsewhere.toHexString(),
            movedBy: { moveId: onward.toHexString() },
          },
          { reason: 'customer_merged', customerId: annId.toHexString(), mergedInto: elsewhere.toHexString() },
        ],
      },
    });
    expect(order.slice(-2)).toEqual(['release', 'pending->refused']);
  });

  it('refuses a move not done, and an unknown one', async () => {
    const { starter } = starterWith({ journals: { [moveId.toHexString()]: { ...done, status: 'running' } } });
    await expect(starter.undo(tenantId, 'supervisor', moveId.toHexString())).rejects.toMatchObject({
      code: 'move_not_done',
    });
    await expect(starter.undo(tenantId, 'supervisor', new Types.ObjectId().toHexString())).rejects.toMatchObject({
      code: 'move_not_found',
    });
  });
});
