import mongoose, { Types } from 'mongoose';
import {
  createTenantThroughCli,
  createWhatsappChannel,
  dropTestDatabase,
  findInvariantViolations,
  postWhatsapp,
  RecordingConsole,
  startAppProcess,
  stopAfterJournalStep,
  testEnvironment,
  type RunningApp,
} from '@app/testing';

/**
 * A worker killed with SIGKILL in the middle of an undo (the victim restored, its identity and conversations moved
 * back, its identifier ownership and the survivor's fields not yet): the next worker finishes the undo from its
 * journal, and nothing is left inconsistent.
 */
const env = testEnvironment();
const APP_SECRET = 'undo-crash-app-secret';
const PHONE_NUMBER_ID = '106540352242924';
let api: RunningApp;
let worker: RunningApp | undefined;
let agentConsole: RecordingConsole | undefined;
const stopAfterMove = stopAfterJournalStep('undo', 'move-conversations');
const connection = mongoose.createConnection(env.MONGODB_URI, { dbName: env.MONGODB_DB });

beforeAll(async () => {
  api = await startAppProcess('api', env);
  worker = await startAppProcess('worker', { ...env, ...stopAfterMove.env }, stopAfterMove.nodeFlags);
});

afterAll(async () => {
  agentConsole?.close();
  await Promise.all([api?.stop(), worker?.stop()]);
  await connection.close();
  await dropTestDatabase(env);
});

it('finishes an undo interrupted by SIGKILL once a worker runs again, with every invariant holding', async () => {
  const { tenantId, admin } = await createTenantThroughCli(env, api.url, 'undocrashco');
  const channel = await createWhatsappChannel(admin, PHONE_NUMBER_ID, APP_SECRET);
  agentConsole = await RecordingConsole.connect(api.url, admin.token);
  for (const [waId, id] of [
    ['15550105001', 'wamid.undo-crash-1'],
    ['15550105002', 'wamid.undo-crash-2'],
    ['15550105002', 'wamid.undo-crash-3'],
  ]) {
    expect((await postWhatsapp(api.url, channel, waId, id)).status).toBe(200);
  }
  await agentConsole.next('message.received', () => agentConsole!.named('message.received').length >= 3);
  const [survivorId, victimId] = [...new Set(agentConsole.named('message.received').map((e) => e.customerId))];
  const tenant = new Types.ObjectId(tenantId);
  const survivorBefore = await connection.collection('customers').findOne({ _id: new Types.ObjectId(survivorId) });
  const merge = await admin.post('/api/v1/merges', { survivorId, victimIds: [victimId] });
  expect([200, 202]).toContain(merge.status);
  await agentConsole.next('customer.merged', (event) => event.mergeId === merge.body.id);

  const stopped = stopAfterMove.stopped(worker!);
  const started = await admin.post(`/api/v1/merges/${merge.body.id}/undo`, {});
  expect(started.status).toBe(202);
  await stopped;
  process.kill(worker!.pid, 'SIGKILL');
  await worker!.process.exited;

  const halfway = await admin.get(`/api/v1/merges/${merge.body.id}/undo`);
  expect(halfway.body).toMatchObject({ id: started.body.id, status: 'running' });
  expect(halfway.body.completedSteps).toEqual(['restore-victims', 'move-identities', 'move-conversations']);
  expect((await admin.patch(`/api/v1/customers/${survivorId}`, { name: 'Edited meanwhile' })).status).toBe(409);

  worker = await startAppProcess('worker', env);
  const undone = await agentConsole.next('merge.undone', (event) => event.undoId === started.body.id);
  expect(undone).toMatchObject({ mergeId: merge.body.id, survivorId, restoredIds: [victimId] });
  const done = await admin.get(`/api/v1/merges/${merge.body.id}/undo`);
  expect(done.body.status).toBe('done');
  expect(done.body.completedSteps).toHaveLength(7);

  const victim = await admin.get(`/api/v1/customers/${victimId}`);
  expect(victim.status).toBe(200);
  expect(victim.body.identities).toEqual([expect.objectContaining({ address: '+15550105002', conversationCount: 1 })]);
  const survivor = await admin.get(`/api/v1/customers/${survivorId}`);
  expect(survivor.body.identities).toEqual([expect.objectContaining({ address: '+15550105001' })]);
  const survivorAfter = await connection.collection('customers').findOne({ _id: new Types.ObjectId(survivorId) });
  expect({ ...survivorAfter, updatedAt: undefined }).toEqual({ ...survivorBefore, updatedAt: undefined });
  expect(await findInvariantViolations(connection, tenant)).toEqual([]);
  expect(await connection.collection('customers').countDocuments({ tenantId: tenant, mergedInto: null })).toBe(2);
  expect(await connection.collection('messages').countDocuments({ tenantId: tenant })).toBe(3);
  expect(
    await connection.collection('identifier_owners').findOne({ tenantId: tenant, value: '+15550105002' }),
  ).toMatchObject({ customerId: new Types.ObjectId(victimId) });
  expect(await connection.collection('merge_locks').countDocuments({ tenantId: tenant })).toBe(0);
  expect(await connection.collection('audit_records').countDocuments({ tenantId: tenant, type: 'merge.undone' })).toBe(
    1,
  );
});
