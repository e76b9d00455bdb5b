import { Types } from 'mongoose';
import type { CustomerFacts, MergeBlock } from '@app/domain';
import type { MergeRepository } from '@app/persistence';
import type { MergesProducer } from '@app/queue';
import type { CustomerLocksService } from '../customer-locks.service.js';
import { MergeRefusedError } from './merge-errors.js';
import type { MergePlan, MergePlannerService } from './merge-planner.service.js';
import { MergeStarterService } from './merge-starter.service.js';

const tenantId = new Types.ObjectId().toHexString();
const survivorId = new Types.ObjectId().toHexString();
const victimId = new Types.ObjectId().toHexString();

const facts = (id: string): CustomerFacts => ({
  id,
  kind: 'contact',
  identities: [],
  contactData: [],
  uniqueIdentifiers: [],
  createdAt: new Date('2026-01-01T00:00:00Z'),
});

const planWith = (phones: string[], blocks: MergePlan['blocks'] = []): MergePlan => ({
  survivor: facts(survivorId),
  victims: [facts(victimId)],
  moves: { identities: phones.length },
  result: {
    kind: 'contact',
    contactData: phones.map((value) => ({ type: 'phone', value, grantsAccess: false })),
    uniqueIdentifiers: [],
  },
  conflicts: [],
  blocks,
  warnings: [],
});

const cardBlock: MergeBlock = {
  code: 'different_unique_identifiers',
  identifierType: 'loyaltyCard',
  values: ['1', '2'],
  remedies: [],
};

/** A starter over fakes: the planner answers `plan`, the journal and locks are recorded in memory, in order. */
function starterWith(plan: MergePlan | MergeRefusedError, locked = true) {
  const calls = { order: [] as string[], journal: [] as Record<string, unknown>[], statuses: [] as string[] };
  const planner = {
    plan: async () => {
      calls.order.push('plan');
      if (plan instanceof MergeRefusedError) throw plan;
      return plan;
    },
  };
  const merges = {
    create: async (merge: Record<string, unknown>) => {
      calls.order.push('journal');
      calls.journal.push({ ...merge });
    },
    startRunning: async (_tenant: unknown, _id: unknown, intent: Record<string, unknown>) => {
      Object.assign(calls.journal[0], intent);
      calls.statuses.push('pending->running');
    },
    setStatus: async (_tenant: unknown, _id: unknown, from: string, to: string) => {
      calls.statuses.push(`${from}->${to}`);
      return true;
    },
    findById: async () => ({ ...calls.journal[0], status: 'done' }),
  };
  const locks = {
    acquire: async () => {
      calls.order.push('lock');
      return locked ? undefined : { mergeIds: ['m'], detachIds: [] };
    },
    release: async () => {
      calls.order.push('release');
    },
  };
  const producer = { execute: async () => undefined, waitFor: async () => true };
  const starter = new MergeStarterService(
    planner as unknown as MergePlannerService,
    merges as unknown as MergeRepository,
    locks as unknown as CustomerLocksService,
    producer as unknown as MergesProducer,
  );
  return { starter, calls };
}

const start = (starter: MergeStarterService, victimIds = [victimId]) =>
  starter.start(tenantId, 'agent-1', { survivorId, victimIds });

describe('MergeStarterService', () => {
  it('plans once it holds the locks, and journals that plan', async () => {
    const { starter, calls } = starterWith(planWith(['+1', '+2']));

    const { finished } = await start(starter);

    expect(finished).toBe(true);
    expect(calls.order).toEqual(['journal', 'lock', 'plan']);
    expect(calls.journal[0].result).toEqual(planWith(['+1', '+2']).result);
    expect(calls.journal[0].moved).toEqual({ identities: 2 });
    expect(calls.statuses).toEqual(['pending->running']);
  });

  it('refuses, releasing its locks, when a customer was merged away before the locks', async () => {
    const merged = new MergeRefusedError('customer_merged', 'merged', { customerId: victimId, survivorId: 'x' });
    const { starter, calls } = starterWith(merged);

    await expect(start(starter)).rejects.toBe(merged);

    expect(calls.order).toEqual(['journal', 'lock', 'plan', 'release']);
    expect(calls.statuses).toEqual(['pending->refused']);
  });

  it('refuses, releasing its locks, when a guard blocks the merge', async () => {
    const { starter, calls } = starterWith(planWith([], [{ victimId, blocks: [cardBlock] }]));

    await expect(start(starter)).rejects.toMatchObject({ code: 'merge_blocked' });

    expect(calls.order).toEqual(['journal', 'lock', 'plan', 'release']);
    expect(calls.statuses).toEqual(['pending->refused']);
  });

  it('refuses without planning when another merge or detach holds the customers', async () => {
    const { starter, calls } = starterWith(planWith([]), false);

    await expect(start(starter)).rejects.toMatchObject({
      code: 'merge_in_progress',
      details: { mergeIds: ['m'], detachIds: [] },
    });

    expect(calls.order).toEqual(['journal', 'lock']);
    expect(calls.statuses).toEqual(['pending->refused']);
  });

  it.each([
    ['no victim', [], 'invalid_merge'],
    ['the survivor as its own victim', [survivorId], 'invalid_merge'],
    ['a malformed id', ['not-an-id'], 'customer_not_found'],
  ])('refuses %s before writing anything', async (_case, victimIds, code) => {
    const { starter, calls } = starterWith(planWith([]));

    await expect(start(starter, victimIds)).rejects.toMatchObject({ code });

    expect(calls.order).toEqual([]);
  });
});
