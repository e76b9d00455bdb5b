import type { INestApplicationContext } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bullmq';
import { getConnectionToken } from '@nestjs/mongoose';
import { QueueEvents, type Queue } from 'bullmq';
import { Types, type Connection } from 'mongoose';
import type { InboundMessage } from '@app/channels';
import { DetachExecutorService, SuggestionFinderService } from '@app/identity';
import {
  DetachRepository,
  MergeLockRepository,
  MergeRepository,
  type Customer,
  type Identity,
  type Role,
  type Suggestion,
} from '@app/persistence';
import { DetachesProducer, MergesProducer, QUEUES } from '@app/queue';
import {
  createTenantWithUsers,
  createWhatsappChannel,
  findInvariantViolations,
  InboundQueueProbe,
  postWhatsapp,
  RecordingConsole,
  signInAll,
  startApiInProcess,
  startWorkerModules,
  storeDerivedFields,
  type InProcessApi,
  type RestClient,
  type TestUser,
  type WhatsappChannel,
} from '@app/testing';
import { IdentityJobsModule } from './identity-jobs.module.js';
import { InboundIngestionService } from '@app/identity';
import { InboundModule } from './inbound/inbound.module.js';

let api: InProcessApi;
let worker: INestApplicationContext;
let db: Connection;
let acme: Record<Role, TestUser>;
let globex: Record<Role, TestUser>;
let as: (user: TestUser) => RestClient;
let whatsapp: WhatsappChannel;
let inbound: InboundQueueProbe;
let inboundEvents: QueueEvents;
let suggestionEvents: QueueEvents;
const smsChannelId = new Types.ObjectId().toHexString();
const emailChannelId = new Types.ObjectId().toHexString();
let sequence = 0;

/**
 * Detach through the api's route, run by the worker's processors in this process (the inbound ones too: a message
 * delivered to the api's webhook after the detach must land on the detached customer).
 */
beforeAll(async () => {
  api = await startApiInProcess();
  await Promise.all(
    [QUEUES.merges, QUEUES.suggestions, QUEUES.inbound].map((name) =>
      api.app.get<Queue>(getQueueToken(name)).obliterate({ force: true }),
    ),
  );
  // The worker's processors, on the same database and Redis as the api: deliveries to the api's webhooks are stored.
  worker = await startWorkerModules(api.env, [InboundModule, IdentityJobsModule]);
  db = api.app.get<Connection>(getConnectionToken());
  acme = await createTenantWithUsers(api.app, 'Acme');
  globex = await createTenantWithUsers(api.app, 'Globex');
  as = await signInAll(api.url, [acme.agent, acme.supervisor, acme.admin, globex.supervisor]);
  whatsapp = await createWhatsappChannel(as(acme.admin), '106540352240001', 'detach-app-secret');
  inbound = new InboundQueueProbe(api.env);
  inboundEvents = new QueueEvents(QUEUES.inbound, { connection: { url: api.env.REDIS_URL } });
  suggestionEvents = new QueueEvents(QUEUES.suggestions, { connection: { url: api.env.REDIS_URL } });
  await Promise.all([inboundEvents.waitUntilReady(), suggestionEvents.waitUntilReady()]);
});

afterAll(async () => {
  await inboundEvents?.close();
  await suggestionEvents?.close();
  await worker?.close();
  await Promise.all(
    [QUEUES.merges, QUEUES.suggestions].map((name) =>
      api?.app.get<Queue>(getQueueToken(name)).obliterate({ force: true }),
    ),
  );
  await inbound?.close();
  await api?.close();
});

afterEach(async () => {
  for (const user of [acme.agent, globex.agent]) {
    expect(await findInvariantViolations(db, new Types.ObjectId(user.tenantId))).toEqual([]);
  }
});

function message(kind: 'whatsapp' | 'sms' | 'email', address: string, name?: string): InboundMessage {
  sequence += 1;
  return {
    type: 'message',
    channelKind: kind,
    externalId: `detach-${sequence}`,
    from: { address, ...(name ? { name } : {}) },
    attachments: [],
    messageType: 'text',
    text: `hello ${sequence}`,
    sentAt: new Date().toISOString(),
  };
}

/** A message stored as the worker stores one (the provider's signature is the ingress tests' business). */
async function ingest(
  tenantId: string,
  kind: 'whatsapp' | 'sms' | 'email',
  address: string,
  name?: string,
): Promise<{ customerId: string; conversationId: string }> {
  const channelId = { whatsapp: whatsapp.id, sms: smsChannelId, email: emailChannelId }[kind];
  const outcome = await worker.get(InboundIngestionService).ingest({
    tenantId,
    channelId,
    event: message(kind, address, name),
    receivedAt: new Date().toISOString(),
  });
  if (outcome.outcome !== 'stored') throw new Error(`not stored: ${outcome.outcome}`);
  return { customerId: outcome.customerId, conversationId: outcome.conversationId };
}

async function mergeDone(survivorId: string, victimId: string): Promise<void> {
  const response = await as(acme.supervisor).post('/api/v1/merges', { survivorId, victimIds: [victimId] });
  expect([200, 202]).toContain(response.status);
  expect(await worker.get(MergesProducer).waitFor(response.body.id, 20_000)).toBe(true);
}

/**
 * Ann's profile as a wrong merge left it: her email, and a WhatsApp number that is someone else's (two messages),
 * listed among her contact data too.
 */
async function wronglyMerged(tenantId: string, n: number) {
  const phone = `+1555020${String(n).padStart(4, '0')}`;
  const ann = await ingest(tenantId, 'email', `ann${n}@example.com`, 'Ann Lee');
  const other = await ingest(tenantId, 'whatsapp', phone.slice(1), 'Sheena Nelson');
  await ingest(tenantId, 'whatsapp', phone.slice(1), 'Sheena Nelson');
  await db.collection('customers').updateOne(
    { _id: new Types.ObjectId(ann.customerId) },
    {
      $set: {
        contactData: [
          { type: 'email', value: `ann${n}@example.com`, grantsAccess: false },
          { type: 'phone', value: phone, display: `+1 555 020 ${n}`, grantsAccess: true },
        ],
      },
    },
  );
  await storeDerivedFields(db.collection('customers'), [ann.customerId]);
  await mergeDone(ann.customerId, other.customerId);
  const identity = await db
    .collection<Identity>('identities')
    .findOne({ tenantId: new Types.ObjectId(tenantId), key: `whatsapp:${phone}` });
  return {
    phone,
    annId: ann.customerId,
    identityId: identity!._id.toHexString(),
    whatsappConversationId: other.conversationId,
    emailConversationId: ann.conversationId,
  };
}

/** The detach once the worker finished it. */
async function finishedDetach(response: { status: number; body: Record<string, unknown> }) {
  expect(response.status).toBe(202);
  expect(await worker.get(DetachesProducer).waitFor(response.body.id as string, 20_000)).toBe(true);
  const detach = await as(acme.supervisor).get(`/api/v1/detaches/${response.body.id as string}`);
  expect(detach.status).toBe(200);
  return detach.body as Record<string, unknown> & { id: string; toCustomerId: string };
}

const detachPath = (customerId: string, identityId: string) =>
  `/api/v1/customers/${customerId}/identities/${identityId}/detach`;

const suggestionOf = (a: string, b: string) =>
  db.collection<Suggestion>('suggestions').findOne({ pairKey: [a, b].sort().join(':') });

/** The suggestion checks a detach queues for both customers, finished. */
async function detachChecks(tenantId: string, detachId: string, customerIds: string[]): Promise<void> {
  const queue = api.app.get<Queue>(getQueueToken(QUEUES.suggestions));
  for (const customerId of customerIds) {
    const job = await queue.getJob(`check-${tenantId}-detach-${detachId}-${customerId}`);
    expect(job).toBeDefined();
    await job!.waitUntilFinished(suggestionEvents, 20_000);
  }
}

describe('POST /api/v1/customers/:id/identities/:identityId/detach', () => {
  it('creates a customer with the identity, its conversations and messages, and the contact datum of its number', async () => {
    const tenantId = acme.agent.tenantId;
    const seeded = await wronglyMerged(tenantId, 1);
    const agentConsole = await RecordingConsole.connect(api.url, as(acme.agent).token);
    try {
      const response = await as(acme.supervisor).post(detachPath(seeded.annId, seeded.identityId), {
        reason: 'a different person',
      });
      expect(response.body).toMatchObject({
        status: expect.stringMatching(/^(running|done)$/),
        identityId: seeded.identityId,
        fromCustomerId: seeded.annId,
        toCustomerId: expect.stringMatching(/^[0-9a-f]{24}$/),
        reason: 'a different person',
        actorId: acme.supervisor.id,
        moved: { identities: 1, conversations: 1, messages: 2, contactData: 1 },
      });
      const detach = await finishedDetach(response);
      expect(detach).toMatchObject({ status: 'done', toCustomerId: response.body.toCustomerId });
      expect(detach.completedSteps).toHaveLength(7);
      const newId = detach.toCustomerId;

      const created = await as(acme.agent).get(`/api/v1/customers/${newId}`);
      expect(created.status).toBe(200);
      expect(created.body).toMatchObject({
        name: 'Sheena Nelson',
        kind: 'contact',
        contactData: [{ type: 'phone', value: seeded.phone, display: '+1 555 020 1', grantsAccess: true }],
        uniqueIdentifiers: [],
      });
      expect(created.body.identities).toEqual([
        expect.objectContaining({ id: seeded.identityId, kind: 'whatsapp', conversationCount: 1 }),
      ]);
      expect(created.body.conversations.map((c: { id: string }) => c.id)).toEqual([seeded.whatsappConversationId]);
      const messages = await as(acme.agent).get(`/api/v1/conversations/${seeded.whatsappConversationId}/messages`);
      expect(messages.body.items).toHaveLength(2);

      const ann = await as(acme.agent).get(`/api/v1/customers/${seeded.annId}`);
      expect(ann.body).toMatchObject({ name: 'Ann Lee', contactData: [expect.objectContaining({ type: 'email' })] });
      expect(ann.body.identities).toEqual([expect.objectContaining({ kind: 'email' })]);
      expect(ann.body.conversations.map((c: { id: string }) => c.id)).toEqual([seeded.emailConversationId]);
      const owner = await db
        .collection('identifier_owners')
        .findOne({ tenantId: new Types.ObjectId(tenantId), identifierType: 'phone', value: seeded.phone });
      expect(owner?.customerId.toHexString()).toBe(newId);

      const audit = await as(acme.supervisor).get(`/api/v1/customers/${newId}/audit`);
      expect(audit.body.items).toEqual([
        expect.objectContaining({
          type: 'identity.detached',
          actor: { kind: 'user', id: acme.supervisor.id, role: 'supervisor' },
        }),
      ]);

      expect(await agentConsole.next('identity.detached', (event) => event.detachId === detach.id)).toMatchObject({
        identityId: seeded.identityId,
        fromCustomerId: seeded.annId,
        toCustomerId: newId,
      });
      await agentConsole.next('customer.created', (event) => event.customerId === newId);
    } finally {
      agentConsole.close();
    }
  });

  it('puts a later WhatsApp message from the identity, and an SMS from its number, on the detached customer', async () => {
    const tenantId = acme.agent.tenantId;
    const seeded = await wronglyMerged(tenantId, 2);
    const detach = await finishedDetach(
      await as(acme.supervisor).post(detachPath(seeded.annId, seeded.identityId), {}),
    );

    const delivery = await postWhatsapp(api.url, whatsapp, seeded.phone.slice(1), 'wamid.after-detach');
    expect(delivery.status).toBe(200);
    const job = await inbound.messageJob(whatsapp.id, 'wamid.after-detach');
    await job!.waitUntilFinished(inboundEvents, 20_000);
    const stored = await db.collection('messages').findOne({ externalId: 'wamid.after-detach' });
    const conversation = await db.collection('conversations').findOne({ _id: stored!.conversationId });
    expect(conversation?.customerId.toHexString()).toBe(detach.toCustomerId);

    // The same identifier on another channel joins its owner, the detached customer: never Ann again.
    const sms = await ingest(tenantId, 'sms', seeded.phone);
    expect(sms.customerId).toBe(detach.toCustomerId);
    const customers = await db
      .collection<Customer>('customers')
      .find({ _id: { $in: [seeded.annId, detach.toCustomerId].map((id) => new Types.ObjectId(id)) } })
      .toArray();
    expect(customers.map((customer) => customer.mergedInto)).toEqual([null, null]);
  });

  it('separates the pair: not suggested again for evidence of a kind seen, only for a new kind', async () => {
    const tenantId = acme.agent.tenantId;
    const seeded = await wronglyMerged(tenantId, 3);
    const detach = await finishedDetach(
      await as(acme.supervisor).post(detachPath(seeded.annId, seeded.identityId), {}),
    );
    const newId = detach.toCustomerId;
    await detachChecks(tenantId, detach.id, [seeded.annId, newId]);
    expect(await suggestionOf(seeded.annId, newId)).toMatchObject({
      status: 'rejected',
      seenRules: expect.arrayContaining(['identity_matches_contact', 'same_contact_phone']),
      history: [expect.objectContaining({ by: acme.supervisor.id, reason: `separated by detach ${detach.id}` })],
    });

    // An agent lists the number on Ann again: a kind of evidence the supervisor saw.
    const edited = await as(acme.agent).patch(`/api/v1/customers/${seeded.annId}`, {
      addContactData: [{ type: 'phone', value: seeded.phone }],
    });
    expect(edited.status).toBe(200);
    const finder = worker.get(SuggestionFinderService);
    await finder.check(tenantId, seeded.annId);
    await finder.check(tenantId, newId);
    expect((await suggestionOf(seeded.annId, newId))?.status).toBe('rejected');

    // Both now hold the same CRM id: a new kind of evidence.
    for (const id of [seeded.annId, newId]) {
      const response = await as(acme.agent).patch(`/api/v1/customers/${id}`, {
        addUniqueIdentifiers: [{ type: 'crmId', value: 'CRM-3' }],
      });
      expect(response.status).toBe(200);
    }
    await finder.check(tenantId, newId);
    const back = await suggestionOf(seeded.annId, newId);
    expect(back?.status).toBe('open');
    expect(back?.history.at(-1)).toMatchObject({ reason: 'new kind of evidence: same_unique_identifier' });
  });

  it('supersedes the source’s suggestions whose evidence left with the identity; the new customer gets its own', async () => {
    const tenantId = acme.agent.tenantId;
    const seeded = await wronglyMerged(tenantId, 9);
    const carol = await ingest(tenantId, 'email', 'carol9@example.com');
    await db
      .collection('customers')
      .updateOne(
        { _id: new Types.ObjectId(carol.customerId) },
        { $set: { contactData: [{ type: 'phone', value: seeded.phone, grantsAccess: false }] } },
      );
    await storeDerivedFields(db.collection('customers'), [carol.customerId]);
    const finder = worker.get(SuggestionFinderService);
    await finder.check(tenantId, carol.customerId);
    expect((await suggestionOf(seeded.annId, carol.customerId))?.status).toBe('open');

    const detach = await finishedDetach(
      await as(acme.supervisor).post(detachPath(seeded.annId, seeded.identityId), {}),
    );
    await detachChecks(tenantId, detach.id, [seeded.annId, detach.toCustomerId]);

    const left = await suggestionOf(seeded.annId, carol.customerId);
    expect(left?.status).toBe('superseded');
    expect(left?.history.at(-1)).toMatchObject({
      by: acme.supervisor.id,
      reason: `its evidence left with a detached identity (detach ${detach.id})`,
    });
    expect(await suggestionOf(detach.toCustomerId, carol.customerId)).toMatchObject({
      status: 'open',
      evidence: expect.arrayContaining([expect.objectContaining({ rule: 'identity_matches_contact' })]),
    });

    // The old pair comes back only with evidence of a new kind, as a rejected one would.
    await finder.check(tenantId, carol.customerId);
    expect((await suggestionOf(seeded.annId, carol.customerId))?.status).toBe('superseded');
    for (const id of [seeded.annId, carol.customerId]) {
      await db
        .collection('customers')
        .updateOne(
          { _id: new Types.ObjectId(id) },
          { $set: { uniqueIdentifiers: [{ type: 'crmId', value: 'CRM-9' }] } },
        );
    }
    await storeDerivedFields(db.collection('customers'), [seeded.annId, carol.customerId]);
    await finder.check(tenantId, seeded.annId);
    expect(await suggestionOf(seeded.annId, carol.customerId)).toMatchObject({
      status: 'open',
      history: expect.arrayContaining([
        expect.objectContaining({ reason: 'new kind of evidence: same_unique_identifier' }),
      ]),
    });
  });

  it('runs again, twice at once, to the same end: one customer, nothing doubled', async () => {
    const tenantId = acme.agent.tenantId;
    const seeded = await wronglyMerged(tenantId, 4);
    const detach = await finishedDetach(
      await as(acme.supervisor).post(detachPath(seeded.annId, seeded.identityId), {}),
    );
    const snapshot = async () => ({
      customers: await db
        .collection('customers')
        .find(
          {
            tenantId: new Types.ObjectId(tenantId),
            _id: { $in: [seeded.annId, detach.toCustomerId].map((id) => new Types.ObjectId(id)) },
          },
          { projection: { updatedAt: 0 } },
        )
        .toArray(),
      identities: await db
        .collection('identities')
        .countDocuments({ customerId: new Types.ObjectId(detach.toCustomerId) }),
      conversations: await db
        .collection('conversations')
        .countDocuments({ customerId: new Types.ObjectId(detach.toCustomerId) }),
      suggestions: await db
        .collection('suggestions')
        .countDocuments({ pairKey: [seeded.annId, detach.toCustomerId].sort().join(':') }),
    });
    const before = await snapshot();
    await db
      .collection('detaches')
      .updateOne({ _id: new Types.ObjectId(detach.id) }, { $set: { status: 'running', completedSteps: [] } });

    const executor = worker.get(DetachExecutorService);
    const outcomes = await Promise.all([executor.execute(tenantId, detach.id), executor.execute(tenantId, detach.id)]);

    expect(outcomes).toContain('done');
    expect(await snapshot()).toEqual(before);
    expect(before.customers).toHaveLength(2);
    expect(before).toMatchObject({ identities: 1, conversations: 1, suggestions: 1 });
    expect(await executor.execute(tenantId, detach.id)).toBe('already-done');
    expect(await db.collection('audit_records').countDocuments({ type: 'identity.detached', key: detach.id })).toBe(1);
  });

  it('refuses the only identity of a customer with 409 only_identity, creating nothing', async () => {
    const tenantId = acme.agent.tenantId;
    const { customerId } = await ingest(tenantId, 'email', 'solo@example.com');
    const identity = await db
      .collection<Identity>('identities')
      .findOne({ customerId: new Types.ObjectId(customerId) });
    const customers = await db.collection('customers').countDocuments({ tenantId: new Types.ObjectId(tenantId) });

    const response = await as(acme.supervisor).post(detachPath(customerId, identity!._id.toHexString()), {});

    expect(response.status).toBe(409);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({ code: 'only_identity', customerId, identityId: identity!._id.toHexString() });
    expect(await db.collection('customers').countDocuments({ tenantId: new Types.ObjectId(tenantId) })).toBe(customers);
    expect(await db.collection('merge_locks').countDocuments({ customerId: new Types.ObjectId(customerId) })).toBe(0);
  });

  it('lets supervisors and admins detach, not agents (403)', async () => {
    const seeded = await wronglyMerged(acme.agent.tenantId, 5);
    const response = await as(acme.agent).post(detachPath(seeded.annId, seeded.identityId), {});
    expect(response.status).toBe(403);
    expect(response.body.code).toBe('forbidden');
    const byAdmin = await as(acme.admin).post(detachPath(seeded.annId, seeded.identityId), {});
    await finishedDetach(byAdmin);
  });

  it('answers 404 for unknown ids, another customer’s identity, and another tenant’s customers and detaches', async () => {
    const seeded = await wronglyMerged(acme.agent.tenantId, 6);
    const someoneElse = await ingest(acme.agent.tenantId, 'email', 'else@example.com');
    const theirIdentity = await db
      .collection<Identity>('identities')
      .findOne({ customerId: new Types.ObjectId(someoneElse.customerId) });
    const cases: [string, string, string][] = [
      [new Types.ObjectId().toHexString(), seeded.identityId, 'customer_not_found'],
      ['not-an-id', seeded.identityId, 'customer_not_found'],
      [seeded.annId, new Types.ObjectId().toHexString(), 'identity_not_found'],
      [seeded.annId, 'not-an-id', 'identity_not_found'],
      [seeded.annId, theirIdentity!._id.toHexString(), 'identity_not_found'],
    ];
    for (const [customerId, identityId, code] of cases) {
      const response = await as(acme.supervisor).post(detachPath(customerId, identityId), {});
      expect([response.status, response.body.code]).toEqual([404, code]);
    }
    const foreign = await as(globex.supervisor).post(detachPath(seeded.annId, seeded.identityId), {});
    expect([foreign.status, foreign.body.code]).toEqual([404, 'customer_not_found']);

    const detach = await finishedDetach(
      await as(acme.supervisor).post(detachPath(seeded.annId, seeded.identityId), {}),
    );
    expect((await as(globex.supervisor).get(`/api/v1/detaches/${detach.id}`)).status).toBe(404);
    expect((await as(acme.supervisor).get('/api/v1/detaches/not-an-id')).status).toBe(404);
    const globexIdentities = await db
      .collection('identities')
      .countDocuments({ tenantId: new Types.ObjectId(globex.agent.tenantId) });
    expect(globexIdentities).toBe(0);
  });

  it('refuses a merged-away customer with 409 customer_merged, naming its survivor', async () => {
    const seeded = await wronglyMerged(acme.agent.tenantId, 7);
    const survivor = await ingest(acme.agent.tenantId, 'email', 'survivor7@example.com');
    await mergeDone(survivor.customerId, seeded.annId);

    const response = await as(acme.supervisor).post(detachPath(seeded.annId, seeded.identityId), {});

    expect(response.status).toBe(409);
    expect(response.body).toMatchObject({
      code: 'customer_merged',
      customerId: seeded.annId,
      survivorId: survivor.customerId,
    });
  });

  it('refuses while a merge holds the customer (409 customer_busy), and a merge while a detach holds it', async () => {
    const tenantId = acme.agent.tenantId;
    const seeded = await wronglyMerged(tenantId, 8);
    const other = await ingest(tenantId, 'email', 'other8@example.com');
    const annId = new Types.ObjectId(seeded.annId);
    const mergeId = new Types.ObjectId();
    await worker.get(MergeRepository).create({
      _id: mergeId,
      tenantId,
      survivorId: new Types.ObjectId(other.customerId),
      victimIds: [annId],
      actorId: acme.agent.id,
      trigger: 'manual',
      picks: {},
    });
    const locks = worker.get(MergeLockRepository);
    expect(await locks.acquire(tenantId, mergeId, [annId])).toBe(true);

    const detaching = await as(acme.supervisor).post(detachPath(seeded.annId, seeded.identityId), {});
    expect(detaching.status).toBe(409);
    expect(detaching.body).toMatchObject({ code: 'customer_busy', mergeIds: [mergeId.toHexString()], detachIds: [] });

    await locks.release(tenantId, mergeId);
    const detachId = new Types.ObjectId();
    await worker.get(DetachRepository).create({
      _id: detachId,
      tenantId,
      identityId: new Types.ObjectId(seeded.identityId),
      fromCustomerId: annId,
      toCustomerId: new Types.ObjectId(),
      actorId: acme.supervisor.id,
    });
    expect(await locks.acquire(tenantId, detachId, [annId], 'detach')).toBe(true);
    const merging = await as(acme.supervisor).post('/api/v1/merges', {
      survivorId: other.customerId,
      victimIds: [seeded.annId],
    });
    expect(merging.status).toBe(409);
    expect(merging.body).toMatchObject({ code: 'merge_in_progress', detachIds: [detachId.toHexString()] });
    await locks.release(tenantId, detachId);
  });
});
