import type { INestApplicationContext } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bullmq';
import { getConnectionToken } from '@nestjs/mongoose';
import { QueueEvents, type Queue } from 'bullmq';
import { Types, type Connection, type Document } from 'mongoose';
import type { InboundMessage } from '@app/channels';
import { DetachExecutorService } from '@app/identity';
import type { Identity, Role, Suggestion } from '@app/persistence';
import { DetachesProducer, MergesProducer, QUEUES } from '@app/queue';
import {
  createTenantWithUsers,
  createWhatsappChannel,
  findInvariantViolations,
  RecordingConsole,
  signInAll,
  startApiInProcess,
  startWorkerModules,
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
let mergeEvents: QueueEvents;
const emailChannelId = new Types.ObjectId().toHexString();
let sequence = 0;

/** Undo of a detach through the api's route, run by the worker's processors in this process. */
beforeAll(async () => {
  api = await startApiInProcess();
  await Promise.all(
    [QUEUES.merges, QUEUES.suggestions, QUEUES.inbound].map((name) =>
      api.app.get<Queue>(getQueueToken(name)).obliterate({ force: true }),
    ),
  );
  worker = await startWorkerModules(api.env, [InboundModule, IdentityJobsModule]);
  db = api.app.get<Connection>(getConnectionToken());
  acme = await createTenantWithUsers(api.app, 'Acme');
  globex = await createTenantWithUsers(api.app, 'Globex');
  as = await signInAll(api.url, [acme.agent, acme.supervisor, acme.admin, globex.supervisor]);
  whatsapp = await createWhatsappChannel(as(acme.admin), '106540352240003', 'detach-undo-app-secret');
  mergeEvents = new QueueEvents(QUEUES.merges, { connection: { url: api.env.REDIS_URL } });
  await mergeEvents.waitUntilReady();
});

afterAll(async () => {
  await mergeEvents?.close();
  await worker?.close();
  await Promise.all(
    [QUEUES.merges, QUEUES.suggestions, QUEUES.inbound].map((name) =>
      api?.app.get<Queue>(getQueueToken(name)).obliterate({ force: true }),
    ),
  );
  await api?.close();
});

afterEach(async () => {
  for (const user of [acme.agent, globex.agent]) {
    expect(await findInvariantViolations(db, new Types.ObjectId(user.tenantId))).toEqual([]);
  }
});

const oid = (id: string) => new Types.ObjectId(id);

function message(kind: 'whatsapp' | 'email', address: string, name?: string): InboundMessage {
  sequence += 1;
  return {
    type: 'message',
    channelKind: kind,
    externalId: `detach-undo-${sequence}`,
    from: { address, ...(name ? { name } : {}) },
    attachments: [],
    messageType: 'text',
    text: `hello ${sequence}`,
    sentAt: new Date().toISOString(),
  };
}

async function ingest(tenantId: string, kind: 'whatsapp' | 'email', address: string, name?: string) {
  const outcome = await worker.get(InboundIngestionService).ingest({
    tenantId,
    channelId: kind === 'whatsapp' ? whatsapp.id : emailChannelId,
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
 * Ann as a wrong merge left her: her email, a WhatsApp number that is someone else's and her card, in this order,
 * among her contact data.
 */
async function wronglyMerged(tenantId: string, n: number) {
  const phone = `+1555040${String(n).padStart(4, '0')}`;
  const ann = await ingest(tenantId, 'email', `ann.du${n}@example.com`, 'Ann Lee');
  const other = await ingest(tenantId, 'whatsapp', phone.slice(1), 'Sheena Nelson');
  await ingest(tenantId, 'whatsapp', phone.slice(1), 'Sheena Nelson');
  await db.collection('customers').updateOne(
    { _id: oid(ann.customerId) },
    {
      $set: {
        contactData: [
          { type: 'email', value: `ann.du${n}@example.com`, grantsAccess: false },
          { type: 'phone', value: phone, display: `+1 555 040 ${n}`, grantsAccess: true },
          { type: 'card', value: `CARD-${n}`, grantsAccess: false },
        ],
      },
    },
  );
  await mergeDone(ann.customerId, other.customerId);
  const identity = await db
    .collection<Identity>('identities')
    .findOne({ tenantId: oid(tenantId), key: `whatsapp:${phone}` });
  return {
    tenantId,
    phone,
    annId: ann.customerId,
    identityId: identity!._id.toHexString(),
    whatsappConversationId: other.conversationId,
  };
}

const without = (document: Document | Record<string, unknown> | null) => {
  if (!document) return document;
  const copy: Record<string, unknown> = { ...(document as Record<string, unknown>) };
  for (const field of ['updatedAt', 'mergeTrail']) delete copy[field];
  return copy;
};

/** The customer with its identities, conversations (and their messages) and identifier owners. */
/** Match keys are a set: writes add them in any order. */
function keysAsSet<T>(customer: T): T {
  const keys = (customer as { matchKeys?: string[] } | null)?.matchKeys;
  return keys ? { ...customer, matchKeys: [...keys].sort() } : customer;
}

async function snapshot(tenantId: string, customerId: string) {
  const tenant = oid(tenantId);
  const sorted = { _id: 1 } as const;
  const owned = (collection: string) =>
    db
      .collection(collection)
      .find({ tenantId: tenant, customerId: oid(customerId) })
      .sort(sorted)
      .toArray();
  const conversations = await owned('conversations');
  return {
    customer: keysAsSet(without(await db.collection('customers').findOne({ tenantId: tenant, _id: oid(customerId) }))),
    identities: (await owned('identities')).map(without),
    conversations: conversations.map(without),
    owners: (await owned('identifier_owners')).map(without),
    messages: await db
      .collection('messages')
      .countDocuments({ tenantId: tenant, conversationId: { $in: conversations.map((c) => c._id) } }),
  };
}

const detachPath = (customerId: string, identityId: string) =>
  `/api/v1/customers/${customerId}/identities/${identityId}/detach`;
const undoPath = (detachId: string) => `/api/v1/detaches/${detachId}/undo`;

async function detachDone(customerId: string, identityId: string) {
  const response = await as(acme.supervisor).post(detachPath(customerId, identityId), {});
  expect(response.status).toBe(202);
  expect(await worker.get(DetachesProducer).waitFor(response.body.id as string, 20_000)).toBe(true);
  return response.body as { id: string; toCustomerId: string };
}

/** The undo once the worker finished it (its job is the journal's, on the detaches' queue). */
async function finishedUndo(detachId: string, response: { status: number; body: Record<string, unknown> }) {
  expect(response.status).toBe(202);
  expect(await worker.get(DetachesProducer).waitFor(response.body.id as string, 20_000)).toBe(true);
  const undo = await as(acme.supervisor).get(undoPath(detachId));
  expect(undo.status).toBe(200);
  return undo.body as Record<string, unknown> & { id: string };
}

describe('POST /api/v1/detaches/:id/undo', () => {
  it('gives the source back what the detach took: the customer compares equal, field by field', async () => {
    const seeded = await wronglyMerged(acme.agent.tenantId, 1);
    const before = await snapshot(seeded.tenantId, seeded.annId);
    expect(before.identities).toHaveLength(2);
    const detach = await detachDone(seeded.annId, seeded.identityId);
    const detachedId = detach.toCustomerId;
    const agentConsole = await RecordingConsole.connect(api.url, as(acme.agent).token);
    try {
      const response = await as(acme.supervisor).post(undoPath(detach.id), {});
      expect(response.body).toMatchObject({
        status: expect.stringMatching(/^(running|done)$/),
        undoes: detach.id,
        identityId: seeded.identityId,
        fromCustomerId: detachedId,
        toCustomerId: seeded.annId,
        actorId: acme.supervisor.id,
        moved: { identities: 1, conversations: 1, messages: 2, contactData: 1 },
      });
      const undo = await finishedUndo(detach.id, response);
      expect(undo).toMatchObject({ id: response.body.id, status: 'done', undoes: detach.id });
      expect(undo.completedSteps).toHaveLength(6);

      const after = await snapshot(seeded.tenantId, seeded.annId);
      // The number goes back where it was among her contact data, not after her card.
      expect((after.customer?.contactData as { type: string }[]).map((datum) => datum.type)).toEqual([
        'email',
        'phone',
        'card',
      ]);
      expect(after).toEqual(before);
      const redirected = await as(acme.agent).get(`/api/v1/customers/${detachedId}`);
      expect(redirected.status).toBe(308);
      expect(redirected.headers.location).toBe(`/api/v1/customers/${seeded.annId}`);
      expect(await agentConsole.next('detach.undone', (event) => event.undoId === undo.id)).toMatchObject({
        detachId: detach.id,
        identityId: seeded.identityId,
        fromCustomerId: detachedId,
        toCustomerId: seeded.annId,
      });
    } finally {
      agentConsole.close();
    }
    // The detach names its undo; the separation record stays as history.
    expect((await as(acme.supervisor).get(`/api/v1/detaches/${detach.id}`)).body).toMatchObject({
      undoneBy: (await as(acme.supervisor).get(undoPath(detach.id))).body.id,
    });
    const separated = await db
      .collection<Suggestion>('suggestions')
      .findOne({ pairKey: [seeded.annId, detachedId].sort().join(':') });
    expect(separated?.status).toBe('rejected');
    const audit = await as(acme.supervisor).get(`/api/v1/audit?type=detach.undone`);
    expect(audit.status).toBe(200);
    const records = (audit.body.items as { after?: Record<string, unknown> }[]).filter(
      (record) => record.after?.detachId === detach.id,
    );
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      type: 'detach.undone',
      actor: { kind: 'user', id: acme.supervisor.id, role: 'supervisor' },
      after: { identityId: seeded.identityId, fromCustomerId: detachedId, toCustomerId: seeded.annId },
    });
    expect(await db.collection('merge_locks').countDocuments({ tenantId: oid(seeded.tenantId) })).toBe(0);
    // A later message of the identity follows the tombstone to the source.
    expect((await ingest(seeded.tenantId, 'whatsapp', seeded.phone.slice(1))).customerId).toBe(seeded.annId);
  });

  it('is undone once: a repeat answers the undo that did it', async () => {
    const seeded = await wronglyMerged(acme.agent.tenantId, 2);
    const detach = await detachDone(seeded.annId, seeded.identityId);
    const undo = await finishedUndo(detach.id, await as(acme.supervisor).post(undoPath(detach.id), {}));
    const repeat = await as(acme.admin).post(undoPath(detach.id), {});
    expect(repeat.status).toBe(200);
    expect(repeat.body).toMatchObject({ id: undo.id, status: 'done' });
  });

  it('refuses when the detached customer was merged away, or what the detach moved moved on', async () => {
    const merged = await wronglyMerged(acme.agent.tenantId, 3);
    const first = await detachDone(merged.annId, merged.identityId);
    const third = await ingest(merged.tenantId, 'email', 'third.du3@example.com', 'Third');
    await mergeDone(third.customerId, first.toCustomerId);
    const blocked = await as(acme.supervisor).post(undoPath(first.id), {});
    expect(blocked.status).toBe(409);
    expect(blocked.body).toMatchObject({
      code: 'undo_blocked',
      detachId: first.id,
      obstacles: expect.arrayContaining([
        { reason: 'customer_merged', customerId: first.toCustomerId, mergedInto: third.customerId },
        expect.objectContaining({ reason: 'identity_moved', identityId: merged.identityId }),
      ]),
    });

    const moved = await wronglyMerged(acme.agent.tenantId, 4);
    const second = await detachDone(moved.annId, moved.identityId);
    const move = await as(acme.supervisor).post(`/api/v1/conversations/${moved.whatsappConversationId}/move`, {
      customerId: moved.annId,
    });
    expect(move.status).toBe(202);
    const job = await api.app.get<Queue>(getQueueToken(QUEUES.merges)).getJob(`move-${move.body.id as string}`);
    if (job) await job.waitUntilFinished(mergeEvents, 20_000);
    expect((await as(acme.supervisor).get(`/api/v1/moves/${move.body.id as string}`)).body.status).toBe('done');
    const refused = await as(acme.supervisor).post(undoPath(second.id), {});
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({
      code: 'undo_blocked',
      obstacles: [
        expect.objectContaining({
          reason: 'conversation_moved',
          conversationId: moved.whatsappConversationId,
          customerId: moved.annId,
        }),
      ],
    });
    // Refused, the claim is free again: nothing was taken, and no lock is left.
    expect((await as(acme.supervisor).get(undoPath(second.id))).status).toBe(404);
    expect(await db.collection('merge_locks').countDocuments({ tenantId: oid(moved.tenantId) })).toBe(0);
  });

  it('answers detach_not_found, detach_not_done, 403 to agents and nothing across tenants', async () => {
    const unknown = await as(acme.supervisor).post(undoPath(new Types.ObjectId().toHexString()), {});
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ code: 'detach_not_found' });
    expect((await as(acme.supervisor).post(undoPath('not-an-id'), {})).body).toMatchObject({
      code: 'detach_not_found',
    });

    const seeded = await wronglyMerged(acme.agent.tenantId, 5);
    const detach = await detachDone(seeded.annId, seeded.identityId);
    const agent = await as(acme.agent).post(undoPath(detach.id), {});
    expect(agent.status).toBe(403);
    const other = await as(globex.supervisor).post(undoPath(detach.id), {});
    expect(other.status).toBe(404);
    expect(other.body).toMatchObject({ code: 'detach_not_found' });
    expect((await as(globex.supervisor).get(undoPath(detach.id))).status).toBe(404);

    const refusedId = new Types.ObjectId();
    await db.collection('detaches').insertOne({
      ...(await db.collection('detaches').findOne({ _id: oid(detach.id) })),
      _id: refusedId,
      status: 'refused',
    });
    const notDone = await as(acme.supervisor).post(undoPath(refusedId.toHexString()), {});
    expect(notDone.status).toBe(409);
    expect(notDone.body).toMatchObject({ code: 'detach_not_done', detachStatus: 'refused' });
    // Nothing was undone by any of them.
    expect((await as(acme.agent).get(`/api/v1/customers/${detach.toCustomerId}`)).status).toBe(200);
  });

  it('runs again, twice at once, to the same end: nothing doubled', async () => {
    const seeded = await wronglyMerged(acme.agent.tenantId, 6);
    const detach = await detachDone(seeded.annId, seeded.identityId);
    const undo = await finishedUndo(detach.id, await as(acme.supervisor).post(undoPath(detach.id), {}));
    const after = await snapshot(seeded.tenantId, seeded.annId);
    await db
      .collection('detaches')
      .updateOne({ _id: oid(undo.id) }, { $set: { status: 'running', completedSteps: [] } });
    const executor = worker.get(DetachExecutorService);
    await Promise.all([executor.execute(seeded.tenantId, undo.id), executor.execute(seeded.tenantId, undo.id)]);
    expect(await snapshot(seeded.tenantId, seeded.annId)).toEqual(after);
    expect(await db.collection('audit_records').countDocuments({ key: undo.id })).toBe(1);
    expect((await as(acme.agent).get(`/api/v1/customers/${detach.toCustomerId}`)).status).toBe(308);
  });
});
