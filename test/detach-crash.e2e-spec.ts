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
 * A worker killed with SIGKILL in the middle of a detach (the identity and its conversations moved, its identifier
 * ownership and contact data not yet): the next worker finishes the detach from its journal, on the customer the
 * journal named, and nothing is left inconsistent.
 */
const env = testEnvironment();
const APP_SECRET = 'detach-crash-app-secret';
const PHONE_NUMBER_ID = '106540352242923';
let api: RunningApp;
let worker: RunningApp | undefined;
let agentConsole: RecordingConsole | undefined;
const stopAfterMove = stopAfterJournalStep('detach', 'move-conversations');
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

it('finishes a detach interrupted by SIGKILL once a worker runs again, with every invariant holding', async () => {
  const { tenantId, admin } = await createTenantThroughCli(env, api.url, 'detachcrashco');
  const channel = await createWhatsappChannel(admin, PHONE_NUMBER_ID, APP_SECRET);
  agentConsole = await RecordingConsole.connect(api.url, admin.token);
  for (const [waId, id] of [
    ['15550104001', 'wamid.detach-crash-1'],
    ['15550104002', 'wamid.detach-crash-2'],
    ['15550104002', 'wamid.detach-crash-3'],
  ]) {
    expect((await postWhatsapp(api.url, channel, waId, id)).status).toBe(200);
  }
  await agentConsole.next('message.received', () => agentConsole!.named('message.received').length >= 3);
  const [survivorId, victimId] = [...new Set(agentConsole.named('message.received').map((e) => e.customerId))];
  const merge = await admin.post('/api/v1/merges', { survivorId, victimIds: [victimId] });
  expect([200, 202]).toContain(merge.status);
  await agentConsole.next('customer.merged', (event) => event.mergeId === merge.body.id);
  const profile = await admin.get(`/api/v1/customers/${survivorId}`);
  const identity = profile.body.identities.find((held: { address: string }) => held.address === '+15550104002');

  const stopped = stopAfterMove.stopped(worker!);
  const started = await admin.post(`/api/v1/customers/${survivorId}/identities/${identity.id}/detach`, {
    reason: 'not the same person',
  });
  expect(started.status).toBe(202);
  const newCustomerId = started.body.toCustomerId as string;
  await stopped;
  process.kill(worker!.pid, 'SIGKILL');
  await worker!.process.exited;

  const halfway = await admin.get(`/api/v1/detaches/${started.body.id}`);
  expect(halfway.body.status).toBe('running');
  expect(halfway.body.completedSteps).toEqual(['create-customer', 'move-identity', 'move-conversations']);
  expect((await admin.patch(`/api/v1/customers/${survivorId}`, { name: 'Edited meanwhile' })).status).toBe(409);

  worker = await startAppProcess('worker', env);
  const detached = await agentConsole.next('identity.detached', (event) => event.detachId === started.body.id);
  expect(detached).toMatchObject({ identityId: identity.id, fromCustomerId: survivorId, toCustomerId: newCustomerId });
  const done = await admin.get(`/api/v1/detaches/${started.body.id}`);
  expect(done.body.status).toBe('done');
  expect(done.body.completedSteps).toHaveLength(7);

  const created = await admin.get(`/api/v1/customers/${newCustomerId}`);
  expect(created.status).toBe(200);
  expect(created.body.identities).toEqual([expect.objectContaining({ id: identity.id, conversationCount: 1 })]);
  const survivor = await admin.get(`/api/v1/customers/${survivorId}`);
  expect(survivor.body.identities).toEqual([expect.objectContaining({ address: '+15550104001' })]);
  const tenant = new Types.ObjectId(tenantId);
  expect(await findInvariantViolations(connection, tenant)).toEqual([]);
  expect(await connection.collection('customers').countDocuments({ tenantId: tenant })).toBe(3);
  expect(await connection.collection('messages').countDocuments({ tenantId: tenant })).toBe(3);
  expect(
    await connection.collection('identifier_owners').findOne({ tenantId: tenant, value: '+15550104002' }),
  ).toMatchObject({ customerId: new Types.ObjectId(newCustomerId) });
  expect(await connection.collection('merge_locks').countDocuments({ tenantId: tenant })).toBe(0);
});
