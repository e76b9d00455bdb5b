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
  type CliTenant,
  type RunningApp,
  type WhatsappChannel,
} from '@app/testing';

/**
 * A worker killed with SIGKILL in the middle of a detach, after each of its recorded steps: the next worker finishes
 * the detach from its journal, on the customer the journal named, and nothing is left inconsistent.
 */
const env = testEnvironment();
const APP_SECRET = 'detach-crash-app-secret';
const PHONE_NUMBER_ID = '106540352242923';
/** Every step but the last, which ends the journal with it (the crash tests of a finished journal are its resumer's). */
const STEPS = [
  'create-customer',
  'move-identity',
  'move-conversations',
  'move-identifier-owner',
  'move-contact-data',
  'separate-customers',
] as const;
let api: RunningApp;
let worker: RunningApp | undefined;
let tenant: CliTenant;
let channel: WhatsappChannel;
let agentConsole: RecordingConsole;
const connection = mongoose.createConnection(env.MONGODB_URI, { dbName: env.MONGODB_DB });

beforeAll(async () => {
  api = await startAppProcess('api', env);
  tenant = await createTenantThroughCli(env, api.url, 'detachcrashco');
  channel = await createWhatsappChannel(tenant.admin, PHONE_NUMBER_ID, APP_SECRET);
  agentConsole = await RecordingConsole.connect(api.url, tenant.admin.token);
});

afterEach(async () => {
  await worker?.stop();
  worker = undefined;
});

afterAll(async () => {
  agentConsole?.close();
  await api?.stop();
  await connection.close();
  await dropTestDatabase(env);
});

/** Two customers that wrote on WhatsApp, wrongly merged: the survivor holds both numbers. */
async function wronglyMerged(n: number): Promise<{ survivorId: string; identityId: string; phone: string }> {
  const [kept, other] = [`1555010${n}001`, `1555010${n}002`];
  const before = agentConsole.named('message.received').length;
  for (const [waId, id] of [
    [kept, `wamid.detach-crash-${n}-1`],
    [other, `wamid.detach-crash-${n}-2`],
    [other, `wamid.detach-crash-${n}-3`],
  ]) {
    expect((await postWhatsapp(api.url, channel, waId, id)).status).toBe(200);
  }
  await agentConsole.next('message.received', () => agentConsole.named('message.received').length >= before + 3);
  const customerOf = async (waId: string): Promise<string> => {
    const identity = await connection.collection('identities').findOne({ key: `whatsapp:+${waId}` });
    return identity!.customerId.toHexString();
  };
  const [survivorId, victimId] = [await customerOf(kept), await customerOf(other)];
  const merge = await tenant.admin.post('/api/v1/merges', { survivorId, victimIds: [victimId] });
  expect([200, 202]).toContain(merge.status);
  await agentConsole.next('customer.merged', (event) => event.mergeId === merge.body.id);
  const profile = await tenant.admin.get(`/api/v1/customers/${survivorId}`);
  const identity = profile.body.identities.find((held: { address: string }) => held.address === `+${other}`);
  return { survivorId, identityId: identity.id, phone: `+${other}` };
}

it.each(STEPS.map((step, index) => [step, index] as const))(
  'finishes a detach interrupted by SIGKILL after %s once a worker runs again, every invariant holding',
  async (step, index) => {
    const stopAfter = stopAfterJournalStep('detach', step);
    worker = await startAppProcess('worker', { ...env, ...stopAfter.env }, stopAfter.nodeFlags);
    const { survivorId, identityId, phone } = await wronglyMerged(index + 1);

    const stopped = stopAfter.stopped(worker);
    const started = await tenant.admin.post(`/api/v1/customers/${survivorId}/identities/${identityId}/detach`, {
      reason: 'not the same person',
    });
    expect(started.status).toBe(202);
    const newCustomerId = started.body.toCustomerId as string;
    await stopped;
    process.kill(worker.pid, 'SIGKILL');
    await worker.process.exited;

    const halfway = await tenant.admin.get(`/api/v1/detaches/${started.body.id}`);
    expect(halfway.body.status).toBe('running');
    expect(halfway.body.completedSteps).toEqual(STEPS.slice(0, index + 1));
    expect((await tenant.admin.patch(`/api/v1/customers/${survivorId}`, { name: 'Edited meanwhile' })).status).toBe(
      409,
    );

    worker = await startAppProcess('worker', env);
    const detached = await agentConsole.next('identity.detached', (event) => event.detachId === started.body.id);
    expect(detached).toMatchObject({ identityId, fromCustomerId: survivorId, toCustomerId: newCustomerId });
    const done = await tenant.admin.get(`/api/v1/detaches/${started.body.id}`);
    expect(done.body.status).toBe('done');
    expect(done.body.completedSteps).toHaveLength(STEPS.length + 1);

    const created = await tenant.admin.get(`/api/v1/customers/${newCustomerId}`);
    expect(created.status).toBe(200);
    expect(created.body.identities).toEqual([expect.objectContaining({ id: identityId, conversationCount: 1 })]);
    const survivor = await tenant.admin.get(`/api/v1/customers/${survivorId}`);
    expect(survivor.body.identities).toHaveLength(1);
    expect(survivor.body.identities[0].id).not.toBe(identityId);
    const tenantId = new Types.ObjectId(tenant.tenantId);
    expect(await findInvariantViolations(connection, tenantId)).toEqual([]);
    expect(await connection.collection('identifier_owners').findOne({ tenantId, value: phone })).toMatchObject({
      customerId: new Types.ObjectId(newCustomerId),
    });
    expect(await connection.collection('customers').countDocuments({ _id: new Types.ObjectId(newCustomerId) })).toBe(1);
    const pair = [survivorId, newCustomerId].sort().join(':');
    expect(await connection.collection('suggestions').findOne({ tenantId, pairKey: pair })).toMatchObject({
      status: 'rejected',
    });
    expect(await connection.collection('merge_locks').countDocuments({ tenantId })).toBe(0);
  },
);
