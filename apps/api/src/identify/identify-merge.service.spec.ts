import { describe, expect, it } from '@jest/globals';
import { Types } from 'mongoose';
import type { ConnectorPrincipal } from '@app/auth';
import type { IdentifyDecision } from '@app/domain';
import { MergeRefusedError, type MergeStarterService } from '@app/identity';
import type { IdentifyMergePlan, IdentifyRequestRepository, MergeRepository } from '@app/persistence';
import { IdentifyMergeService } from './identify-merge.service.js';

const tenantId = new Types.ObjectId().toHexString();
const [survivorId, victimId] = [new Types.ObjectId(), new Types.ObjectId()];
const principal: ConnectorPrincipal = {
  kind: 'connector',
  keyId: 'key-1',
  tenantId,
  channelId: 'channel-1',
  trusted: false,
};
const noChanges = { add: [], remove: [], setUniqueIdentifiers: [], removeUniqueIdentifiers: [] };
const mergeDecision: IdentifyDecision = {
  action: 'merge',
  survivorId: survivorId.toHexString(),
  survivor: noChanges,
  victims: [{ customerId: victimId.toHexString(), changes: noChanges }],
};
const plan = (): IdentifyMergePlan => ({ mergeId: new Types.ObjectId(), survivorId, victimIds: [victimId] });
const duplicateKey = Object.assign(new Error('E11000 duplicate key'), { code: 11000 });

/** The service over fakes: the journals it finds, what the starter does, and what was planned and started. */
function serviceWith(journals: Map<string, { status: string }>, starts: () => Promise<{ status: string }>) {
  const calls = { planned: [] as IdentifyMergePlan[], started: [] as unknown[][] };
  const requests = {
    planMerge: async (_tenant: unknown, _requestId: string, chosen: IdentifyMergePlan) => {
      calls.planned.push(chosen);
      return chosen;
    },
  };
  const merges = {
    findById: async (_tenant: unknown, id: string) => {
      const journal = journals.get(id);
      return journal ? { _id: new Types.ObjectId(id), ...journal } : null;
    },
  };
  const starter = {
    start: async (...args: unknown[]) => {
      calls.started.push(args);
      const { status } = await starts();
      const { mergeId } = args[2] as { mergeId: Types.ObjectId };
      journals.set(mergeId.toHexString(), { status });
      return { merge: { _id: mergeId, status }, finished: status === 'done' };
    },
  };
  const service = new IdentifyMergeService(
    requests as unknown as IdentifyRequestRepository,
    merges as unknown as MergeRepository,
    starter as unknown as MergeStarterService,
  );
  return { service, calls };
}

describe('IdentifyMergeService.plan', () => {
  it.each([
    ['keep: no merge', 'keep', mergeDecision, false],
    ['tombstone, an update: no merge', 'tombstone', { action: 'update', customerId: 'x', changes: noChanges }, false],
    ['tombstone, a merge: the decision’s survivor and victims', 'tombstone', mergeDecision, true],
  ] as const)('%s', async (_case, setting, decision, planned) => {
    const { service, calls } = serviceWith(new Map(), async () => ({ status: 'done' }));
    const chosen = await service.plan(tenantId, { requestId: 'r-1' }, decision, setting);
    expect(chosen === undefined).toBe(!planned);
    if (planned) expect(chosen).toMatchObject({ survivorId, victimIds: [victimId] });
    expect(calls.planned).toHaveLength(planned ? 1 : 0);
  });

  it('keeps what an earlier attempt of the call planned, whatever this decision says', async () => {
    const { service, calls } = serviceWith(new Map(), async () => ({ status: 'done' }));
    const earlier = plan();
    const update: IdentifyDecision = { action: 'update', customerId: survivorId.toHexString(), changes: noChanges };
    expect(await service.plan(tenantId, { requestId: 'r-1', ...earlier }, update, 'keep')).toEqual(earlier);
    expect(calls.planned).toEqual([]);
  });
});

describe('IdentifyMergeService.start', () => {
  it('starts the planned merge under its journal id as the connector', async () => {
    const { service, calls } = serviceWith(new Map(), async () => ({ status: 'done' }));
    const planned = plan();
    expect(await service.start(principal, planned)).toEqual({ id: planned.mergeId.toHexString(), status: 'done' });
    expect(calls.started).toEqual([
      [
        tenantId,
        'key-1',
        { mergeId: planned.mergeId, survivorId: survivorId.toHexString(), victimIds: [victimId.toHexString()] },
        undefined,
        'connector',
      ],
    ]);
  });

  it('starts nothing when the journal exists already (a replay, or a retry after the merge started)', async () => {
    const planned = plan();
    const journals = new Map([[planned.mergeId.toHexString(), { status: 'running' }]]);
    const { service, calls } = serviceWith(journals, async () => ({ status: 'done' }));
    expect(await service.start(principal, planned)).toEqual({ id: planned.mergeId.toHexString(), status: 'running' });
    expect(calls.started).toEqual([]);
  });

  it('reports a refused merge with the refusal’s code and details instead of failing the call', async () => {
    const blocks = [{ victimId: victimId.toHexString(), blocks: [] }];
    const { service } = serviceWith(new Map(), async () => {
      throw new MergeRefusedError('merge_blocked', 'a guard refuses this merge', { blocks });
    });
    const planned = plan();
    expect(await service.start(principal, planned)).toEqual({
      id: planned.mergeId.toHexString(),
      status: 'refused',
      code: 'merge_blocked',
      detail: 'a guard refuses this merge',
      blocks,
    });
  });

  it('answers the journal a concurrent attempt of the call wrote first', async () => {
    const planned = plan();
    const journals = new Map<string, { status: string }>();
    const { service } = serviceWith(journals, async () => {
      journals.set(planned.mergeId.toHexString(), { status: 'running' });
      throw duplicateKey;
    });
    expect(await service.start(principal, planned)).toEqual({ id: planned.mergeId.toHexString(), status: 'running' });
  });
});
