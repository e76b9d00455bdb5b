import { Types } from 'mongoose';
import type { MergeLockRepository, MergeRepository } from '@app/persistence';
import type { MergesProducer } from '@app/queue';
import type { CustomerFacts } from '../rules/customer-facts.js';
import type { MergeBlock } from '../rules/merge-blocks.js';
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

/** A starter over fakes: the planner answers `plans` in turn, the journal and locks are recorded in memory. */
function starterWith(plans: (MergePlan | MergeRefusedError)[], locked = true) {
  const calls = { plans: 0, journal: [] as Record<string, unknown>[], statuses: [] as string[], released: 0 };
  const planner = {
    plan: async () => {
      const next = plans[Math.min(calls.plans, plans.length - 1)];
      calls.plans += 1;
      if (next instanceof MergeRefusedError) throw next;
      return next;
    },
  };
  const merges = {
    create: async (merge: Record<string, unknown>) => calls.journal.push({ ...merge }),
    updateOne: async (_query: unknown, update: { $set: Record<string, unknown> }) => {
      Object.assign(calls.journal[0], update.$set);
      return true;
    },
    setStatus: async (_tenant: unknown, _id: unknown, from: string, to: string) => {
      calls.statuses.push(`${from}->${to}`);
      return true;
    },
    findById: async () => ({ ...calls.journal[0], status: 'done' }),
  };
  const locks = {
    acquire: async () => locked,
    findHeld: async () => [],
    release: async () => {
      calls.released += 1;
    },
  };
  const producer = { execute: async () => undefined, waitFor: async () => true };
  const starter = new MergeStarterService(
    planner as unknown as MergePlannerService,
    merges as unknown as MergeRepository,
    locks as unknown as MergeLockRepository,
    producer as unknown as MergesProducer,
  );
  return { starter, calls };
}

const start = (starter: MergeStarterService) =>
  starter.start(tenantId, 'agent-1', { survivorId, victimIds: [victimId] });

describe('MergeStarterService', () => {
  it('journals the plan made under the locks, not the one made before them', async () => {
    // Between the two plans, another merge gave the survivor +2.
    const { starter, calls } = starterWith([planWith(['+1']), planWith(['+1', '+2'])]);

    const { finished } = await start(starter);

    expect(finished).toBe(true);
    expect(calls.plans).toBe(2);
    expect(calls.journal[0].result).toEqual(planWith(['+1', '+2']).result);
    expect(calls.journal[0].moved).toEqual({ identities: 2 });
    expect(calls.statuses).toEqual(['pending->running']);
  });

  it('refuses, releasing its locks, when a customer was merged away before the locks', async () => {
    const merged = new MergeRefusedError('customer_merged', 'merged', { customerId: victimId, survivorId: 'x' });
    const { starter, calls } = starterWith([planWith([]), merged]);

    await expect(start(starter)).rejects.toBe(merged);

    expect(calls.released).toBe(1);
    expect(calls.statuses).toEqual(['pending->refused']);
  });

  it('refuses, releasing its locks, when a guard blocks the merge by the time it holds them', async () => {
    const { starter, calls } = starterWith([planWith([]), planWith([], [{ victimId, blocks: [cardBlock] }])]);

    await expect(start(starter)).rejects.toMatchObject({ code: 'merge_blocked' });

    expect(calls.released).toBe(1);
    expect(calls.statuses).toEqual(['pending->refused']);
  });

  it('refuses a blocked merge before writing a journal', async () => {
    const { starter, calls } = starterWith([planWith([], [{ victimId, blocks: [cardBlock] }])]);

    await expect(start(starter)).rejects.toMatchObject({ code: 'merge_blocked' });

    expect(calls.journal).toEqual([]);
  });
});
