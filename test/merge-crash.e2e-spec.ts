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
