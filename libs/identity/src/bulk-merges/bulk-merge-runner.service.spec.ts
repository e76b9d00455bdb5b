import { Types } from 'mongoose';
import type { BulkMerge, BulkMergeRepository, BulkPairResult, CustomerRepository, Stored } from '@app/persistence';
import type { MergesProducer } from '@app/queue';
import { MergeRefusedError } from '../merges/merge-errors.js';
import type { MergeRequest, MergeStarterService } from '../merges/merge-starter.service.js';
import { BulkMergeRunnerService } from './bulk-merge-runner.service.js';

const tenantId = new Types.ObjectId().toHexString();
const id = () => new Types.ObjectId().toHexString();

/**
 * A runner over fakes: customers in memory (a merge the starter accepts makes the victim a tombstone, as the
 * worker's journal would), the bulk merge's recorded results and status, and the merges started.
 */
function runnerOver(pairs: BulkMerge['pairs'], customers: Map<string, string | null>, refuse?: MergeRefusedError) {
  const bulk = {
    _id: new Types.ObjectId(),
    tenantId: new Types.ObjectId(tenantId),
    status: 'running',
    actor: { kind: 'user', id: 'admin-1', role: 'admin' },
    pairs,
  } as unknown as Stored<BulkMerge>;
  const recorded = new Map<number, BulkPairResult>();
  const started: MergeRequest[] = [];
  const events: string[] = [];
  const bulkMerges = {
    findById: async () => bulk,
    markRunning: async () => void events.push('running'),
    recordResult: async (_tenant: unknown, _id: unknown, index: number, result: BulkPairResult) => {
      recorded.set(index, result);
    },
    finish: async () => void events.push('finished'),
  };
  const customerRepository = {
    findById: async (_tenant: unknown, customerId: string) =>
      customers.has(customerId)
        ? {
            _id: new Types.ObjectId(customerId),
            mergedInto: customers.get(customerId) ? new Types.ObjectId(customers.get(customerId)!) : null,
          }
        : null,
  };
  const starter = {
    start: async (_tenant: string, _actor: string, request: MergeRequest) => {
      if (refuse) throw refuse;
      started.push(request);
      for (const victimId of request.victimIds) customers.set(victimId, request.survivorId);
      return { merge: { _id: new Types.ObjectId() }, finished: true };
    },
  };
  const runner = new BulkMergeRunnerService(
    bulkMerges as unknown as BulkMergeRepository,
    customerRepository as unknown as CustomerRepository,
    starter as unknown as MergeStarterService,
    { waitFor: async () => true } as unknown as MergesProducer,
  );
  return { runner, bulk, recorded, started, events };
}

describe('BulkMergeRunnerService', () => {
  it('after a crash, runs only the pairs without a result, then finishes', async () => {
    const [a, b, c, d, e, f] = [id(), id(), id(), id(), id(), id()];
    const customers = new Map<string, string | null>([a, b, c, d, e, f].map((customer) => [customer, null]));
    customers.set(b, a);
    const done: BulkPairResult = { outcome: 'merged', survivorId: a, mergeId: id(), attempts: 1 };
    const { runner, bulk, recorded, started, events } = runnerOver(
      [
        { survivorId: a, victimId: b, result: done },
        { survivorId: c, victimId: d },
        { survivorId: e, victimId: f },
      ],
      customers,
    );

    await runner.run(tenantId, bulk._id.toHexString());

    expect(started).toEqual([
      { survivorId: c, victimIds: [d] },
      { survivorId: e, victimIds: [f] },
    ]);
    expect([...recorded.keys()].sort()).toEqual([1, 2]);
    expect(events).toEqual(['running', 'finished']);
  });

  it('a pair merged before the crash recorded it is reported already merged, not merged again', async () => {
    const [a, b] = [id(), id()];
    const { runner, bulk, recorded, started } = runnerOver(
      [{ survivorId: a, victimId: b }],
      new Map([
        [a, null],
        [b, a],
      ]),
    );

    await runner.run(tenantId, bulk._id.toHexString());

    expect(started).toEqual([]);
    expect(recorded.get(0)).toEqual({ outcome: 'already_merged', survivorId: a, attempts: 1 });
  });

  it('merges a chain into the first survivor, in the order given', async () => {
    const [a, b, c] = [id(), id(), id()];
    const { runner, bulk, recorded, started } = runnerOver(
      [
        { survivorId: a, victimId: b },
        { survivorId: b, victimId: c },
      ],
      new Map([a, b, c].map((customer) => [customer, null])),
    );

    await runner.run(tenantId, bulk._id.toHexString());

    expect(started).toEqual([
      { survivorId: a, victimIds: [b] },
      { survivorId: a, victimIds: [c] },
    ]);
    expect(recorded.get(1)).toMatchObject({ outcome: 'merged', survivorId: a });
  });

  it('records a guard refusal with its reasons', async () => {
    const [a, b] = [id(), id()];
    const blocks = [{ code: 'different_unique_identifiers', identifierType: 'loyaltyCard', values: ['1', '2'] }];
    const refusal = new MergeRefusedError('merge_blocked', 'blocked', { blocks: [{ victimId: b, blocks }] });
    const { runner, bulk, recorded } = runnerOver(
      [{ survivorId: a, victimId: b }],
      new Map([
        [a, null],
        [b, null],
      ]),
      refusal,
    );

    await runner.run(tenantId, bulk._id.toHexString());

    expect(recorded.get(0)).toEqual({ outcome: 'blocked', survivorId: a, blocks, attempts: 1 });
  });
});
