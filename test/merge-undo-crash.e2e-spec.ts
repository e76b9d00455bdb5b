import { Types } from 'mongoose';
import { crashScenario } from '@app/testing';

/**
 * A worker killed with SIGKILL in the middle of a merge's undo, after each of its recorded steps: the next worker
 * finishes the undo from its journal, the victim is a customer again with what it brought, the survivor as it was,
 * the pair separated, its assets and loyalty standing given back exactly once, and nothing is left inconsistent.
 */
const scenario = crashScenario({ tenant: 'undocrashco', phoneNumberId: '106540352242924' });
/** Every step but the last, which ends the journal with it (the crash tests of a finished journal are its resumer's). */
const STEPS = [
  'restore-victims',
  'move-identities',
  'move-conversations',
  'move-identifier-owners',
  'move-assets',
  'restore-survivor-fields',
  'separate-customers',
] as const;

/** A loyalty standing and a gift card, posted by the admin (as an integration would). */
async function hold(customerId: string, loyalty: object, card: string): Promise<void> {
  const { admin } = scenario.tenant;
  expect((await admin.put(`/api/v1/customers/${customerId}/assets/loyalty`, loyalty)).status).toBe(200);
  expect(
    (await admin.put(`/api/v1/customers/${customerId}/assets/gift-cards/${card}`, { balance: 5, status: 'active' }))
      .status,
  ).toBe(200);
}

it.each(STEPS.map((step, index) => [step, index] as const))(
  'finishes an undo interrupted by SIGKILL after %s once a worker runs again, every invariant holding',
  async (step, index) => {
    const { admin } = scenario.tenant;
    const { connection, tenantId } = scenario;
    await scenario.startFreezingWorker('undo', step);
    const [keptPhone, victimPhone] = [`15550105${index + 1}01`, `15550105${index + 1}02`];
    const [survivorId, victimId] = await scenario.customersOnWhatsapp({ [keptPhone]: 1, [victimPhone]: 2 });
    const survivorBefore = await connection.collection('customers').findOne({ _id: new Types.ObjectId(survivorId) });
    const cards = { survivor: `GC-S${index}`, victim: `GC-V${index}` };
    await hold(survivorId, { points: 100, tier: 'silver', tierRank: 2, tierProgress: 40 }, cards.survivor);
    await hold(victimId, { points: 50, tier: 'gold', tierRank: 3, tierProgress: 10 }, cards.victim);
    const mergeId = await scenario.merge(survivorId, victimId);
    expect((await admin.get(`/api/v1/customers/${survivorId}/assets`)).body.loyalty).toEqual({
      points: 150,
      tier: 'gold',
      tierRank: 3,
      tierProgress: 50,
    });

    const started = await scenario.crashWhile(() => admin.post(`/api/v1/merges/${mergeId}/undo`, {}));
    expect(started.status).toBe(202);
    const halfway = await admin.get(`/api/v1/merges/${mergeId}/undo`);
    expect(halfway.body).toMatchObject({ id: started.body.id, status: 'running' });
    expect(halfway.body.completedSteps).toEqual(STEPS.slice(0, index + 1));
    expect(await scenario.editStatus(survivorId)).toBe(409);

    await scenario.restartWorker();
    const undone = await scenario.console.next('merge.undone', (event) => event.undoId === started.body.id);
    expect(undone).toMatchObject({ mergeId, survivorId, restoredIds: [victimId] });
    const done = await admin.get(`/api/v1/merges/${mergeId}/undo`);
    expect(done.body.status).toBe('done');
    expect(done.body.completedSteps).toHaveLength(STEPS.length + 1);

    const victim = await admin.get(`/api/v1/customers/${victimId}`);
    expect(victim.status).toBe(200);
    expect(victim.body.identities).toEqual([
      expect.objectContaining({ address: `+${victimPhone}`, conversationCount: 1 }),
    ]);
    const survivor = await admin.get(`/api/v1/customers/${survivorId}`);
    expect(survivor.body.identities).toEqual([expect.objectContaining({ address: `+${keptPhone}` })]);
    const survivorAfter = await connection.collection('customers').findOne({ _id: new Types.ObjectId(survivorId) });
    expect({ ...survivorAfter, updatedAt: undefined }).toEqual({ ...survivorBefore, updatedAt: undefined });
    await scenario.expectConsistent();
    const pair = [survivorId, victimId].map((id) => new Types.ObjectId(id));
    expect(await connection.collection('customers').countDocuments({ _id: { $in: pair }, mergedInto: null })).toBe(2);
    const victimConversations = await connection
      .collection('conversations')
      .find({ tenantId, customerId: pair[1] })
      .toArray();
    expect(
      await connection
        .collection('messages')
        .countDocuments({ tenantId, conversationId: { $in: victimConversations.map((c) => c._id) } }),
    ).toBe(2);
    const pairKey = [survivorId, victimId].sort().join(':');
    expect(await connection.collection('suggestions').findOne({ tenantId, pairKey })).toMatchObject({
      status: 'rejected',
    });
    const merge = await connection.collection('merges').findOne({ _id: new Types.ObjectId(mergeId) });
    expect(merge).toMatchObject({ undoId: new Types.ObjectId(started.body.id), undoneAt: expect.any(Date) });
    expect(
      await connection.collection('identifier_owners').findOne({ tenantId, value: `+${victimPhone}` }),
    ).toMatchObject({
      customerId: new Types.ObjectId(victimId),
    });
    expect(await scenario.auditRecords('merge.undone', started.body.id)).toBe(1);
    const survivorAssets = (await admin.get(`/api/v1/customers/${survivorId}/assets`)).body;
    const victimAssets = (await admin.get(`/api/v1/customers/${victimId}/assets`)).body;
    expect(survivorAssets.loyalty).toEqual({ points: 100, tier: 'silver', tierRank: 2, tierProgress: 40 });
    expect(victimAssets.loyalty).toEqual({ points: 50, tier: 'gold', tierRank: 3, tierProgress: 10 });
    expect(survivorAssets.giftCards).toEqual([{ number: cards.survivor, balance: 5, status: 'active' }]);
    expect(victimAssets.giftCards).toEqual([{ number: cards.victim, balance: 5, status: 'active' }]);
  },
);
