import { Types } from 'mongoose';
import { crashScenario } from '@app/testing';

/**
 * A worker killed with SIGKILL in the middle of an undo (the victim restored, its identity and conversations moved
 * back, its identifier ownership and the survivor's fields not yet): the next worker finishes the undo from its
 * journal, and nothing is left inconsistent.
 */
const scenario = crashScenario({ tenant: 'undocrashco', phoneNumberId: '106540352242924' });

it('finishes an undo interrupted by SIGKILL once a worker runs again, with every invariant holding', async () => {
  const { admin } = scenario.tenant;
  const { connection, tenantId } = scenario;
  await scenario.startFreezingWorker('undo', 'move-conversations');
  const [survivorId, victimId] = await scenario.customersOnWhatsapp({ '15550105001': 1, '15550105002': 2 });
  const survivorBefore = await connection.collection('customers').findOne({ _id: new Types.ObjectId(survivorId) });
  const mergeId = await scenario.merge(survivorId, victimId);

  const started = await scenario.crashWhile(() => admin.post(`/api/v1/merges/${mergeId}/undo`, {}));
  expect(started.status).toBe(202);
  const halfway = await admin.get(`/api/v1/merges/${mergeId}/undo`);
  expect(halfway.body).toMatchObject({ id: started.body.id, status: 'running' });
  expect(halfway.body.completedSteps).toEqual(['restore-victims', 'move-identities', 'move-conversations']);
  expect(await scenario.editStatus(survivorId)).toBe(409);

  await scenario.restartWorker();
  const undone = await scenario.console.next('merge.undone', (event) => event.undoId === started.body.id);
  expect(undone).toMatchObject({ mergeId, survivorId, restoredIds: [victimId] });
  const done = await admin.get(`/api/v1/merges/${mergeId}/undo`);
  expect(done.body.status).toBe('done');
  expect(done.body.completedSteps).toHaveLength(7);

  const victim = await admin.get(`/api/v1/customers/${victimId}`);
  expect(victim.status).toBe(200);
  expect(victim.body.identities).toEqual([expect.objectContaining({ address: '+15550105002', conversationCount: 1 })]);
  const survivor = await admin.get(`/api/v1/customers/${survivorId}`);
  expect(survivor.body.identities).toEqual([expect.objectContaining({ address: '+15550105001' })]);
  const survivorAfter = await connection.collection('customers').findOne({ _id: new Types.ObjectId(survivorId) });
  expect({ ...survivorAfter, updatedAt: undefined }).toEqual({ ...survivorBefore, updatedAt: undefined });
  await scenario.expectConsistent();
  expect(await connection.collection('customers').countDocuments({ tenantId, mergedInto: null })).toBe(2);
  expect(await connection.collection('messages').countDocuments({ tenantId })).toBe(3);
  expect(await connection.collection('identifier_owners').findOne({ tenantId, value: '+15550105002' })).toMatchObject({
    customerId: new Types.ObjectId(victimId),
  });
  expect(await scenario.auditRecords('merge.undone', started.body.id)).toBe(1);
});
