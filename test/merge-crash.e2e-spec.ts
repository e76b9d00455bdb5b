import mongoose, { Types } from 'mongoose';
import {
  createTenantThroughCli,
  createWhatsappChannel,
  dropTestDatabase,
  postWhatsapp,
  RecordingConsole,
  startAppProcess,
  stopAfterJournalStep,
  testEnvironment,
  type RunningApp,
  findInvariantViolations,
} from '@app/testing';

/**
 * A worker killed with SIGKILL in the middle of a merge (after its conversations moved, before the victim became a
 * tombstone): the next worker finishes the merge from its journal, and nothing is left inconsistent.
 */
const env = testEnvironment();
const APP_SECRET = 'merge-crash-app-secret';
const PHONE_NUMBER_ID = '106540352242922';
let api: RunningApp;
let worker: RunningApp | undefined;
let agentConsole: RecordingConsole | undefined;
const stopAfterMove = stopAfterJournalStep('merge', 'move-conversations');
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

it('finishes a merge interrupted by SIGKILL once a worker runs again, with every invariant holding', async () => {
  const { tenantId, admin } = await createTenantThroughCli(env, api.url, 'crashco');
  const channel = await createWhatsappChannel(admin, PHONE_NUMBER_ID, APP_SECRET);
  agentConsole = await RecordingConsole.connect(api.url, admin.token);
  for (const [waId, id] of [
    ['15550103001', 'wamid.crash-1'],
    ['15550103002', 'wamid.crash-2'],
    ['15550103002', 'wamid.crash-3'],
  ]) {
    expect((await postWhatsapp(api.url, channel, waId, id)).status).toBe(200);
  }
  await agentConsole.next('message.received', () => agentConsole!.named('message.received').length >= 3);
  const [survivorId, victimId] = [...new Set(agentConsole.named('message.received').map((e) => e.customerId))];

  const stopped = stopAfterMove.stopped(worker!);
  const started = await admin.post('/api/v1/merges', { survivorId, victimIds: [victimId] });
  expect(started.status).toBe(202);
  await stopped;
  process.kill(worker!.pid, 'SIGKILL');
  await worker!.process.exited;

  const halfway = await admin.get(`/api/v1/merges/${started.body.id}`);
  expect(halfway.body.status).toBe('running');
  expect(halfway.body.completedSteps).toEqual(['move-identities', 'move-conversations']);

  worker = await startAppProcess('worker', env);
  const merged = await agentConsole.next('customer.merged');
  expect(merged).toMatchObject({ survivorId, victimIds: [victimId] });
  const done = await admin.get(`/api/v1/merges/${started.body.id}`);
  expect(done.body.status).toBe('done');
  expect((await admin.get(`/api/v1/customers/${victimId}`)).status).toBe(308);
  expect(await findInvariantViolations(connection, new Types.ObjectId(tenantId))).toEqual([]);
  expect(await connection.collection('messages').countDocuments({ tenantId: new Types.ObjectId(tenantId) })).toBe(3);
  expect(
    await connection.collection('conversations').countDocuments({ customerId: new Types.ObjectId(survivorId) }),
  ).toBe(2);
});
