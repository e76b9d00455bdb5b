import { Types } from 'mongoose';
import { crashScenario } from '@app/testing';

/**
 * A worker killed with SIGKILL in the middle of a merge (after its conversations moved, before the victim became a
 * tombstone): the next worker finishes the merge from its journal, and nothing is left inconsistent.
 */
const scenario = crashScenario({ tenant: 'crashco', phoneNumberId: '106540352242922' });

it('finishes a merge interrupted by SIGKILL once a worker runs again, with every invariant holding', async () => {
  const { admin } = scenario.tenant;
  await scenario.startFreezingWorker('merge', 'move-conversations');
  const [survivorId, victimId] = await scenario.customersOnWhatsapp({ '15550103001': 1, '15550103002': 2 });

  const started = await scenario.crashWhile(() => admin.post('/api/v1/merges', { survivorId, victimIds: [victimId] }));
  expect(started.status).toBe(202);
  const halfway = await admin.get(`/api/v1/merges/${started.body.id}`);
  expect(halfway.body.status).toBe('running');
  expect(halfway.body.completedSteps).toEqual(['move-identities', 'move-conversations']);

  await scenario.restartWorker();
  const merged = await scenario.console.next('customer.merged');
  expect(merged).toMatchObject({ survivorId, victimIds: [victimId] });
  const done = await admin.get(`/api/v1/merges/${started.body.id}`);
  expect(done.body.status).toBe('done');
  expect((await admin.get(`/api/v1/customers/${victimId}`)).status).toBe(308);
  await scenario.expectConsistent();
  expect(await scenario.connection.collection('messages').countDocuments({ tenantId: scenario.tenantId })).toBe(3);
  expect(
    await scenario.connection
      .collection('conversations')
      .countDocuments({ customerId: new Types.ObjectId(survivorId) }),
  ).toBe(2);
});

/**
 * Assets through a crash: after `tombstone-victims` (the asset plan journaled, nothing moved), and after `move-assets`
 * with that step's record taken back out of the journal, as if the worker had died between the step's writes and its
 * record: the step runs again on what it already wrote, and the points are counted once.
 */
it.each([
  ['tombstone-victims', false],
  ['move-assets', true],
] as const)(
  'finishes a merge with assets interrupted after %s without counting a point twice',
  async (step, unrecorded) => {
    const { admin } = scenario.tenant;
    const { connection, tenantId } = scenario;
    const index = unrecorded ? 2 : 1;
    await scenario.startFreezingWorker('merge', step);
    const [survivorId, victimId] = await scenario.customersOnWhatsapp({
      [`155501031${index}1`]: 1,
      [`155501031${index}2`]: 1,
    });
    const assets = (id: string) => `/api/v1/customers/${id}/assets`;
    expect(
      (await admin.put(`${assets(survivorId)}/loyalty`, { points: 100, tier: 'silver', tierRank: 2, tierProgress: 40 }))
        .status,
    ).toBe(200);
    expect(
      (await admin.put(`${assets(victimId)}/loyalty`, { points: 50, tier: 'gold', tierRank: 3, tierProgress: 10 }))
        .status,
    ).toBe(200);
    expect(
      (await admin.put(`${assets(victimId)}/house-accounts/HA-${index}`, { balance: -30, status: 'active' })).status,
    ).toBe(200);
    const sale = { externalId: `sale-${index}`, amount: 12, currency: 'EUR', occurredAt: '2026-03-01T09:30:00Z' };
    expect((await admin.post(`${assets(victimId)}/transactions`, sale)).status).toBe(201);

    const started = await scenario.crashWhile(() =>
      admin.post('/api/v1/merges', { survivorId, victimIds: [victimId] }),
    );
    expect(started.status).toBe(202);
    const mergeId = new Types.ObjectId(started.body.id as string);
    if (unrecorded) {
      await connection.collection('merges').updateOne({ _id: mergeId }, { $pull: { completedSteps: step } } as never);
    }
    expect((await admin.get(`/api/v1/merges/${started.body.id}`)).body.completedSteps.at(-1)).toBe(
      unrecorded ? 'tombstone-victims' : step,
    );

    await scenario.restartWorker();
    await scenario.console.next('customer.merged', (event) => event.mergeId === started.body.id);
    expect((await admin.get(`/api/v1/merges/${started.body.id}`)).body.status).toBe('done');
    await scenario.expectConsistent();
    const records = await connection
      .collection('customer_assets')
      .find({ tenantId, customerId: { $in: [survivorId, victimId].map((id) => new Types.ObjectId(id)) } })
      .toArray();
    expect(records.map((record) => [record.kind, String(record.customerId)]).sort()).toEqual(
      [
        ['houseAccount', survivorId],
        ['loyalty', survivorId],
        ['loyalty', survivorId],
        ['transaction', survivorId],
      ].sort(),
    );
    const merged = (await admin.get(assets(survivorId))).body;
    expect(merged.loyalty).toEqual({ points: 150, tier: 'gold', tierRank: 3, tierProgress: 50 });
    expect(merged.houseAccounts).toEqual([{ number: `HA-${index}`, balance: -30, status: 'active' }]);
    expect(merged.transactions).toEqual([expect.objectContaining({ externalId: `sale-${index}` })]);
  },
);
