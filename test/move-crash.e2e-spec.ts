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
 * A worker killed with SIGKILL in the middle of a move (the conversation moved, its audit record not yet written):
 * the next worker finishes the move from its journal, and nothing is left inconsistent; the move is then undone.
 */
const env = testEnvironment();
const APP_SECRET = 'move-crash-app-secret';
const PHONE_NUMBER_ID = '106540352243031';
let api: RunningApp;
let worker: RunningApp | undefined;
let agentConsole: RecordingConsole | undefined;
const stopAfterMove = stopAfterJournalStep('move', 'move-conversation');
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

it('finishes a move interrupted by SIGKILL once a worker runs again, with every invariant holding', async () => {
  const { tenantId, admin } = await createTenantThroughCli(env, api.url, 'movecrashco');
  const channel = await createWhatsappChannel(admin, PHONE_NUMBER_ID, APP_SECRET);
  agentConsole = await RecordingConsole.connect(api.url, admin.token);
  for (const [waId, id] of [
    ['15550106001', 'wamid.move-crash-1'],
    ['15550106002', 'wamid.move-crash-2'],
    ['15550106002', 'wamid.move-crash-3'],
  ]) {
    expect((await postWhatsapp(api.url, channel, waId, id)).status).toBe(200);
  }
  await agentConsole.next('message.received', () => agentConsole!.named('message.received').length >= 3);
  const received = agentConsole.named('message.received');
  const [toId, fromId] = [...new Set(received.map((event) => event.customerId))];
  const conversationId = received.find((event) => event.customerId === fromId)!.conversationId;
  const tenant = new Types.ObjectId(tenantId);

  const stopped = stopAfterMove.stopped(worker!);
  const started = await admin.post(`/api/v1/conversations/${conversationId}/move`, { customerId: toId });
  expect(started.status).toBe(202);
  await stopped;
  process.kill(worker!.pid, 'SIGKILL');
  await worker!.process.exited;

  const halfway = await admin.get(`/api/v1/moves/${started.body.id}`);
  expect(halfway.body).toMatchObject({ status: 'running', completedSteps: ['move-conversation'] });
  expect((await admin.patch(`/api/v1/customers/${toId}`, { name: 'Edited meanwhile' })).status).toBe(409);

  worker = await startAppProcess('worker', env);
  expect(
    await agentConsole.next('conversation.updated', (event) => event.conversationId === conversationId),
  ).toMatchObject({ customerId: toId, fromCustomerId: fromId });
  const done = await admin.get(`/api/v1/moves/${started.body.id}`);
  expect(done.body).toMatchObject({ status: 'done', moved: { conversations: 1 } });
  expect(done.body.completedSteps).toHaveLength(3);
  const conversation = await connection
    .collection('conversations')
    .findOne({ _id: new Types.ObjectId(conversationId) });
  expect(conversation?.customerId.toHexString()).toBe(toId);
  const identity = await connection.collection('identities').findOne({ _id: conversation!.identityId });
  expect(identity?.customerId.toHexString()).toBe(fromId);
  expect(await findInvariantViolations(connection, tenant)).toEqual([]);
  expect(await connection.collection('messages').countDocuments({ tenantId: tenant })).toBe(3);
  expect(await connection.collection('merge_locks').countDocuments({ tenantId: tenant })).toBe(0);
  expect(
    await connection.collection('audit_records').countDocuments({ tenantId: tenant, type: 'conversation.moved' }),
  ).toBe(1);

  // The worker that finished it undoes it too.
  const undo = await admin.post(`/api/v1/moves/${started.body.id}/undo`, {});
  expect(undo.status).toBe(202);
  await agentConsole.next(
    'conversation.updated',
    (event) => event.conversationId === conversationId && event.customerId === fromId,
  );
  const back = await connection.collection('conversations').findOne({ _id: new Types.ObjectId(conversationId) });
  expect(back?.customerId.toHexString()).toBe(fromId);
  expect(await findInvariantViolations(connection, tenant)).toEqual([]);
  expect(await connection.collection('merge_locks').countDocuments({ tenantId: tenant })).toBe(0);
});
