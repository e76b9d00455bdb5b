import type { INestApplicationContext } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bullmq';
import { getConnectionToken } from '@nestjs/mongoose';
import { QueueEvents, type Queue } from 'bullmq';
import { Types, type Connection, type Document } from 'mongoose';
import type { InboundMessage } from '@app/channels';
import { MergeUndoExecutorService } from '@app/identity';
import {
  MergeLockRepository,
  MergeRepository,
  MERGE_UNDO_STEPS,
  MergeUndoRepository,
  type Role,
  type Suggestion,
} from '@app/persistence';
import { DetachesProducer, MergesProducer, QUEUES } from '@app/queue';
import {
  createTenantWithUsers,
  createWhatsappChannel,
  findInvariantViolations,
  seedCustomer,
  storeDerivedFields,
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
let suggestionEvents: QueueEvents;
const emailChannelId = new Types.ObjectId().toHexString();
let sequence = 0;

/**
 * Undo of a merge through the api's route, run by the worker's processors in this process (the inbound ones too: a
 * message that arrives between the merge and its undo is stored as the worker stores one).
 */
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
  whatsapp = await createWhatsappChannel(as(acme.admin), '106540352240002', 'undo-app-secret');
  mergeEvents = new QueueEvents(QUEUES.merges, { connection: { url: api.env.REDIS_URL } });
  suggestionEvents = new QueueEvents(QUEUES.suggestions, { connection: { url: api.env.REDIS_URL } });
  await Promise.all([mergeEvents.waitUntilReady(), suggestionEvents.waitUntilReady()]);
});

afterAll(async () => {
  await mergeEvents?.close();
  await suggestionEvents?.close();
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
    externalId: `undo-${sequence}`,
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

async function mergeDone(survivorId: string, ...victimIds: string[]): Promise<string> {
  const response = await as(acme.supervisor).post('/api/v1/merges', { survivorId, victimIds });
  expect([200, 202]).toContain(response.status);
  expect(await worker.get(MergesProducer).waitFor(response.body.id, 20_000)).toBe(true);
  return response.body.id as string;
}

/**
 * Two people merged by mistake. Ann (the survivor) is known by email, with no name, a CRM id and her email among her
 * contact data; Victor (the victim), a member, wrote twice on WhatsApp and has his phone (granting access, written
 * his way), a loyalty card and his name. The merge gave Ann his name, kind, card and phone.
 */
async function mistakenPair(tenantId: string, n: number) {
  const phone = `+1555030${String(n).padStart(4, '0')}`;
  const annEmail = `ann.undo${n}@example.com`;
  const ann = await ingest(tenantId, 'email', annEmail);
  const victor = await ingest(tenantId, 'whatsapp', phone.slice(1));
  await ingest(tenantId, 'whatsapp', phone.slice(1));
  const customers = db.collection('customers');
  await customers.updateOne({ _id: oid(ann.customerId) }, {
    $set: { contactData: [{ type: 'email', value: annEmail, grantsAccess: false }] },
    $unset: { name: 1 },
    $push: { uniqueIdentifiers: { type: 'crmId', value: `C-${n}` } },
  } as never);
  await customers.updateOne(
    { _id: oid(victor.customerId) },
    {
      $set: {
        name: 'Victor Vance',
        kind: 'member',
        contactData: [{ type: 'phone', value: phone, display: `+1 555 030 ${n}`, grantsAccess: true }],
        uniqueIdentifiers: [{ type: 'loyaltyCard', value: `L-${n}` }],
      },
    },
  );
  await storeDerivedFields(customers, [ann.customerId, victor.customerId]);
  return { tenantId, phone, annEmail, annId: ann.customerId, victorId: victor.customerId, ...victor };
}

const without = (document: Document | Record<string, unknown> | null, ...fields: string[]) => {
  if (!document) return document;
  const copy: Record<string, unknown> = { ...(document as Record<string, unknown>) };
  for (const field of ['updatedAt', 'mergeTrail', ...fields]) delete copy[field];
  return copy;
};

/** Both customers with their identities, conversations (and message counts) and identifier owners. */
async function snapshot(tenantId: string, customerIds: string[]) {
  const ids = customerIds.map(oid);
  const tenant = oid(tenantId);
  const sorted = { _id: 1 } as const;
  const customers = await db
    .collection('customers')
    .find({ tenantId: tenant, _id: { $in: ids } })
    .sort(sorted)
    .toArray();
  const identities = await db
    .collection('identities')
    .find({ tenantId: tenant, customerId: { $in: ids } })
    .sort(sorted)
    .toArray();
  const conversations = await db
    .collection('conversations')
    .find({ tenantId: tenant, customerId: { $in: ids } })
    .sort(sorted)
    .toArray();
  const owners = await db
    .collection('identifier_owners')
    .find({ tenantId: tenant, customerId: { $in: ids } })
    .sort(sorted)
    .toArray();
  const messages = await db
    .collection('messages')
    .countDocuments({ tenantId: tenant, conversationId: { $in: conversations.map((c) => c._id) } });
  return {
    customers: customers.map((customer) => without(customer)),
    identities: identities.map((identity) => without(identity)),
    conversations: conversations.map((conversation) => without(conversation)),
    owners: owners.map((owner) => without(owner)),
    messages,
  };
}

async function lastActiveOf(customerIds: string[]): Promise<Date[]> {
  const customers = await db
    .collection('customers')
    .find({ _id: { $in: customerIds.map(oid) } })
    .toArray();
  return customerIds.map((id) => customers.find((customer) => customer._id.equals(id))?.lastActiveAt as Date);
}

const undoPath = (mergeId: string) => `/api/v1/merges/${mergeId}/undo`;

/** The undo once the worker finished it: followed through its job, never by sleeping. */
async function finishedUndo(response: { status: number; body: Record<string, unknown> }) {
  expect(response.status).toBe(202);
  const job = await api.app.get<Queue>(getQueueToken(QUEUES.merges)).getJob(`undo-${response.body.id as string}`);
  if (job) await job.waitUntilFinished(mergeEvents, 20_000);
  const undo = await as(acme.supervisor).get(undoPath(response.body.mergeId as string));
  expect(undo.status).toBe(200);
  return undo.body as Record<string, unknown> & { id: string; mergeId: string };
}

const suggestionOf = (a: string, b: string) =>
  db.collection<Suggestion>('suggestions').findOne({ pairKey: [a, b].sort().join(':') });

/** An open suggestion of two customers holding one phone, as the finder stores one. */
async function openSuggestion(tenantId: string, a: string, b: string, phone: string): Promise<void> {
  const evidence = [{ rule: 'same_contact_phone', values: [phone, phone], score: 0.8 }];
  await db.collection('suggestions').insertOne({
    tenantId: oid(tenantId),
    pairKey: [a, b].sort().join(':'),
    customerIds: [a, b].sort().map(oid),
    openedFrom: oid(a),
    status: 'open',
    evidence,
    score: 0.8,
    seenRules: ['same_contact_phone'],
    blocks: [],
    history: [{ at: new Date(), status: 'open', by: 'worker' }],
    createdAt: new Date(),
    updatedAt: new Date(),
  });
}

/** The suggestion checks an undo queued for these customers, finished. */
async function undoChecksFinished(tenantId: string, undoId: string, customerIds: string[]): Promise<void> {
  const queue = api.app.get<Queue>(getQueueToken(QUEUES.suggestions));
  for (const customerId of customerIds) {
    const job = await queue.getJob(`check-${tenantId}-undo-${undoId}-${customerId}`);
    expect(job).toBeDefined();
    await job!.waitUntilFinished(suggestionEvents, 20_000);
  }
}

describe('POST /api/v1/merges/:id/undo', () => {
  it('gives the victim back exactly what it brought: the customers compare equal, field by field', async () => {
    const pair = await mistakenPair(acme.agent.tenantId, 1);
    const before = await snapshot(pair.tenantId, [pair.annId, pair.victorId]);
    const mergeId = await mergeDone(pair.annId, pair.victorId);
    const merged = await as(acme.agent).get(`/api/v1/customers/${pair.annId}`);
    expect(merged.body).toMatchObject({
      name: 'Victor Vance',
      kind: 'member',
      uniqueIdentifiers: expect.arrayContaining([{ type: 'loyaltyCard', value: 'L-1' }]),
    });
    const agentConsole = await RecordingConsole.connect(api.url, as(acme.agent).token);
    try {
      const response = await as(acme.supervisor).post(undoPath(mergeId), {});
      expect(response.body).toMatchObject({
        status: expect.stringMatching(/^(running|done)$/),
        mergeId,
        survivorId: pair.annId,
        restoredIds: [pair.victorId],
        actorId: acme.supervisor.id,
        moved: { identities: 1, conversations: 1, messages: 2 },
      });
      const undo = await finishedUndo(response);
      expect(undo).toMatchObject({ id: response.body.id, status: 'done', completedSteps: expect.any(Array) });
      expect(undo.completedSteps).toHaveLength(MERGE_UNDO_STEPS.length);

      expect(await snapshot(pair.tenantId, [pair.annId, pair.victorId])).toEqual(before);
      expect((await as(acme.agent).get(`/api/v1/customers/${pair.victorId}`)).status).toBe(200);
      expect((await as(acme.agent).get(`/api/v1/merges/${mergeId}`)).body).toMatchObject({
        undoId: undo.id,
        undoneAt: expect.any(String),
      });
      expect(await agentConsole.next('merge.undone', (event) => event.undoId === undo.id)).toMatchObject({
        mergeId,
        survivorId: pair.annId,
        restoredIds: [pair.victorId],
      });
    } finally {
      agentConsole.close();
    }
    expect(await db.collection('merge_locks').countDocuments({ tenantId: oid(pair.tenantId) })).toBe(0);
  });

  it('gives two victims of one merge back exactly what each brought, and separates every pair of the three', async () => {
    const pair = await mistakenPair(acme.agent.tenantId, 13);
    const wendyPhone = '+15550319913';
    const wendy = await ingest(pair.tenantId, 'whatsapp', wendyPhone.slice(1));
    await db.collection('customers').updateOne(
      { _id: oid(wendy.customerId) },
      {
        $set: {
          name: 'Wendy Wu',
          contactData: [
            { type: 'phone', value: wendyPhone, grantsAccess: false },
            { type: 'email', value: 'wendy13@example.com', grantsAccess: false },
          ],
        },
      },
    );
    const everyone = [pair.annId, pair.victorId, wendy.customerId];
    const before = await snapshot(pair.tenantId, everyone);
    const mergeId = await mergeDone(pair.annId, pair.victorId, wendy.customerId);
    expect((await as(acme.agent).get(`/api/v1/customers/${pair.annId}`)).body.identities).toHaveLength(3);

    const undo = await finishedUndo(await as(acme.supervisor).post(undoPath(mergeId), {}));
    expect(undo).toMatchObject({ status: 'done', restoredIds: [pair.victorId, wendy.customerId] });

    const after = await snapshot(pair.tenantId, everyone);
    for (const part of ['customers', 'identities', 'conversations', 'owners'] as const) {
      expect(after[part]).toHaveLength(before[part].length);
      before[part].forEach((document, index) => {
        for (const [field, value] of Object.entries(document ?? {})) {
          expect([part, String(document?._id), field, after[part][index]?.[field]]).toEqual([
            part,
            String(document?._id),
            field,
            value,
          ]);
        }
      });
    }
    expect(after).toEqual(before);

    await undoChecksFinished(pair.tenantId, undo.id, everyone);
    for (const [a, b] of [
      [pair.annId, pair.victorId],
      [pair.annId, wendy.customerId],
      [pair.victorId, wendy.customerId],
    ]) {
      expect(await suggestionOf(a, b)).toMatchObject({ status: 'rejected' });
    }
  });

  it('sends a message that arrived since on a moved conversation back with it, and keeps the survivor’s own edits', async () => {
    const pair = await mistakenPair(acme.agent.tenantId, 2);
    const activeBefore = await lastActiveOf([pair.annId, pair.victorId]);
    const mergeId = await mergeDone(pair.annId, pair.victorId);
    const since = await ingest(pair.tenantId, 'whatsapp', pair.phone.slice(1));
    expect(since).toEqual({ customerId: pair.annId, conversationId: pair.conversationId });
    const edited = await as(acme.agent).patch(`/api/v1/customers/${pair.annId}`, {
      name: 'Ann Lee',
      addContactData: [{ type: 'phone', value: '+15550309999' }],
    });
    expect(edited.status).toBe(200);

    await finishedUndo(await as(acme.supervisor).post(undoPath(mergeId), {}));

    const victor = await as(acme.agent).get(`/api/v1/customers/${pair.victorId}`);
    expect(victor.body).toMatchObject({
      name: 'Victor Vance',
      kind: 'member',
      contactData: [{ type: 'phone', value: pair.phone, display: '+1 555 030 2', grantsAccess: true }],
      uniqueIdentifiers: [{ type: 'loyaltyCard', value: 'L-2' }],
    });
    expect(victor.body.conversations.map((c: { id: string }) => c.id)).toEqual([pair.conversationId]);
    const messages = await as(acme.agent).get(`/api/v1/conversations/${pair.conversationId}/messages`);
    expect(messages.body.items).toHaveLength(3);

    const ann = await as(acme.agent).get(`/api/v1/customers/${pair.annId}`);
    expect(ann.body).toMatchObject({
      name: 'Ann Lee',
      kind: 'contact',
      uniqueIdentifiers: [{ type: 'crmId', value: 'C-2' }],
    });
    expect(ann.body.contactData.map((datum: { value: string }) => datum.value).sort()).toEqual(
      ['+15550309999', pair.annEmail].sort(),
    );
    expect(ann.body.identities).toEqual([expect.objectContaining({ kind: 'email' })]);

    // The message since is the victim's activity, and no longer the survivor's.
    const conversation = await db.collection('conversations').findOne({ _id: oid(pair.conversationId) });
    expect(conversation?.lastMessageAt.getTime()).toBeGreaterThan(activeBefore[1].getTime());
    expect(await lastActiveOf([pair.annId, pair.victorId])).toEqual([activeBefore[0], conversation?.lastMessageAt]);

    // Later messages from the victim's number reach the victim.
    expect((await ingest(pair.tenantId, 'whatsapp', pair.phone.slice(1))).customerId).toBe(pair.victorId);
  });

  it('remembers the pair as not the same person, records the undo with its supervisor, and queues both checks', async () => {
    const pair = await mistakenPair(acme.agent.tenantId, 3);
    const mergeId = await mergeDone(pair.annId, pair.victorId);
    const undo = await finishedUndo(await as(acme.supervisor).post(undoPath(mergeId), {}));
    await undoChecksFinished(pair.tenantId, undo.id, [pair.annId, pair.victorId]);
    expect(await suggestionOf(pair.annId, pair.victorId)).toMatchObject({
      status: 'rejected',
      history: [
        expect.objectContaining({ by: acme.supervisor.id, reason: `separated by undo ${undo.id} of merge ${mergeId}` }),
      ],
    });
    const audit = await as(acme.supervisor).get(`/api/v1/customers/${pair.victorId}/audit`);
    expect(audit.body.items.filter((item: { type: string }) => item.type === 'merge.undone')).toEqual([
      expect.objectContaining({
        type: 'merge.undone',
        actor: { kind: 'user', id: acme.supervisor.id, role: 'supervisor' },
      }),
    ]);
  });

  it('gives back a victim that had no identity (a customer an integration created), with its contact data', async () => {
    const tenantId = acme.agent.tenantId;
    const { customerId: survivorId } = await ingest(tenantId, 'whatsapp', '+15550107001', 'Walk-in');
    const victimId = await seedCustomer(api.app, tenantId, {
      name: 'Imported Ida',
      contactData: [{ type: 'email', value: 'ida@example.com', grantsAccess: false }],
    });
    const mergeId = await mergeDone(survivorId, victimId);
    await finishedUndo(await as(acme.supervisor).post(undoPath(mergeId), {}));
    const victim = await as(acme.agent).get(`/api/v1/customers/${victimId}`);
    expect(victim.status).toBe(200);
    expect(victim.body).toMatchObject({ name: 'Imported Ida', identities: [] });
    expect(victim.body.contactData).toEqual([expect.objectContaining({ type: 'email', value: 'ida@example.com' })]);
    const survivor = await as(acme.agent).get(`/api/v1/customers/${survivorId}`);
    expect(survivor.body.identities).toHaveLength(1);
    expect(survivor.body.contactData).toEqual([]);
  });

  it('reopens the victim’s suggestions with a third customer that the merge superseded, unless that one merged away', async () => {
    const pair = await mistakenPair(acme.agent.tenantId, 12);
    const thirds = [];
    for (const name of ['third12a', 'third12b']) {
      const third = await ingest(pair.tenantId, 'email', `${name}@example.com`);
      await db.collection('customers').updateOne({ _id: oid(third.customerId) }, {
        $push: { contactData: { type: 'phone', value: pair.phone, grantsAccess: false } },
      } as never);
      await openSuggestion(pair.tenantId, pair.victorId, third.customerId, pair.phone);
      thirds.push(third.customerId);
    }
    const [stillActive, mergedAway] = thirds;
    const mergeId = await mergeDone(pair.annId, pair.victorId);
    for (const third of thirds) {
      expect(await suggestionOf(pair.victorId, third)).toMatchObject({
        status: 'superseded',
        supersededBy: oid(mergeId),
      });
    }
    // The merge's journal keeps what it superseded, so its undo knows there is something to reopen.
    const merge = await db.collection('merges').findOne({ _id: oid(mergeId) });
    expect(merge?.supersededSuggestionIds).toHaveLength(2);
    const later = await ingest(pair.tenantId, 'email', 'later12@example.com');
    await mergeDone(later.customerId, mergedAway);

    const undo = await finishedUndo(await as(acme.supervisor).post(undoPath(mergeId), {}));
    await undoChecksFinished(pair.tenantId, undo.id, [pair.annId, pair.victorId]);

    const reopened = await suggestionOf(pair.victorId, stillActive);
    expect(reopened).toMatchObject({ status: 'open' });
    expect(reopened).not.toHaveProperty('supersededBy');
    expect(reopened?.history.map(({ status }) => status)).toEqual(['open', 'superseded', 'open']);
    expect(reopened?.history.at(-1)).toMatchObject({
      by: acme.supervisor.id,
      reason: `reopened by undo ${undo.id} of merge ${mergeId}`,
    });
    expect(await suggestionOf(pair.victorId, mergedAway)).toMatchObject({
      status: 'superseded',
      supersededBy: oid(mergeId),
    });
  });

  it('answers a repeated request with the undo that ran (200), and two at once with one undo', async () => {
    const pair = await mistakenPair(acme.agent.tenantId, 4);
    const mergeId = await mergeDone(pair.annId, pair.victorId);
    const [first, second] = await Promise.all([
      as(acme.supervisor).post(undoPath(mergeId), {}),
      as(acme.supervisor).post(undoPath(mergeId), {}),
    ]);
    expect(first.body.id).toBe(second.body.id);
    const undo = await finishedUndo(first);
    const again = await as(acme.supervisor).post(undoPath(mergeId), {});
    expect([again.status, again.body.id, again.body.status]).toEqual([200, undo.id, 'done']);
    expect(
      await db.collection('merge_undos').countDocuments({ mergeId: oid(mergeId), status: { $ne: 'refused' } }),
    ).toBe(1);
  });

  it('runs again, twice at once, to the same end, and records the undo once', async () => {
    const pair = await mistakenPair(acme.agent.tenantId, 5);
    const mergeId = await mergeDone(pair.annId, pair.victorId);
    const undo = await finishedUndo(await as(acme.supervisor).post(undoPath(mergeId), {}));
    const after = await snapshot(pair.tenantId, [pair.annId, pair.victorId]);
    await db
      .collection('merge_undos')
      .updateOne({ _id: oid(undo.id) }, { $set: { status: 'running', completedSteps: [] } });

    const executor = worker.get(MergeUndoExecutorService);
    const outcomes = await Promise.all([
      executor.execute(pair.tenantId, undo.id),
      executor.execute(pair.tenantId, undo.id),
    ]);

    expect(outcomes).toContain('done');
    expect(await snapshot(pair.tenantId, [pair.annId, pair.victorId])).toEqual(after);
    expect(await executor.execute(pair.tenantId, undo.id)).toBe('already-done');
    expect(await db.collection('audit_records').countDocuments({ type: 'merge.undone', key: undo.id })).toBe(1);
    expect(
      await db.collection('suggestions').countDocuments({ pairKey: [pair.annId, pair.victorId].sort().join(':') }),
    ).toBe(1);
  });

  it('refuses with 409 undo_blocked when an identity the merge moved was detached since, listing what moved', async () => {
    const pair = await mistakenPair(acme.agent.tenantId, 6);
    const mergeId = await mergeDone(pair.annId, pair.victorId);
    const identity = await db.collection('identities').findOne({ key: `whatsapp:${pair.phone}` });
    const detach = await as(acme.supervisor).post(
      `/api/v1/customers/${pair.annId}/identities/${identity!._id.toHexString()}/detach`,
      {},
    );
    expect(detach.status).toBe(202);
    expect(await worker.get(DetachesProducer).waitFor(detach.body.id, 20_000)).toBe(true);
    const where = { customerId: detach.body.toCustomerId, movedBy: { detachId: detach.body.id } };

    const response = await as(acme.supervisor).post(undoPath(mergeId), {});

    expect(response.status).toBe(409);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({ code: 'undo_blocked', mergeId });
    expect(response.body.obstacles).toEqual(
      expect.arrayContaining([
        { reason: 'identity_moved', identityId: identity!._id.toHexString(), ...where },
        { reason: 'conversation_moved', conversationId: pair.conversationId, ...where },
        { reason: 'identifier_owned_elsewhere', identifierType: 'phone', value: pair.phone, ...where },
      ]),
    );
    expect(response.body.obstacles).toHaveLength(3);
    expect((await db.collection('customers').findOne({ _id: oid(pair.victorId) }))?.mergedInto).toEqual(
      oid(pair.annId),
    );
    expect(await db.collection('merge_locks').countDocuments({ tenantId: oid(pair.tenantId) })).toBe(0);
    expect((await as(acme.supervisor).get(undoPath(mergeId))).status).toBe(404);
  });

  it('refuses with 409 undo_blocked when the victim’s identifier now belongs to a third customer', async () => {
    const pair = await mistakenPair(acme.agent.tenantId, 7);
    const mergeId = await mergeDone(pair.annId, pair.victorId);
    const third = await ingest(pair.tenantId, 'email', 'third7@example.com');
    const moved = await db
      .collection('identifier_owners')
      .findOneAndUpdate({ tenantId: oid(pair.tenantId), identifierType: 'phone', value: pair.phone }, {
        $set: { customerId: oid(third.customerId) },
        $push: { mergeTrail: { mergeId: new Types.ObjectId(), from: oid(pair.annId) } },
      } as never);
    expect(moved).not.toBeNull();

    const response = await as(acme.supervisor).post(undoPath(mergeId), {});

    expect(response.status).toBe(409);
    expect(response.body.obstacles).toEqual([
      expect.objectContaining({
        reason: 'identifier_owned_elsewhere',
        value: pair.phone,
        customerId: third.customerId,
      }),
    ]);
    await db.collection('identifier_owners').updateOne({ _id: moved!._id }, { $set: { customerId: oid(pair.annId) } });
  });

  it('refuses with 409 undo_blocked when the survivor was merged away since', async () => {
    const pair = await mistakenPair(acme.agent.tenantId, 8);
    const mergeId = await mergeDone(pair.annId, pair.victorId);
    const later = await ingest(pair.tenantId, 'email', 'later8@example.com');
    await mergeDone(later.customerId, pair.annId);

    const response = await as(acme.supervisor).post(undoPath(mergeId), {});

    expect(response.status).toBe(409);
    expect(response.body.obstacles).toEqual(
      expect.arrayContaining([{ reason: 'survivor_merged', survivorId: pair.annId, mergedInto: later.customerId }]),
    );
  });

  it('refuses a merge that is not done (409 merge_not_done) and one held by another journal (409 customer_busy)', async () => {
    const pair = await mistakenPair(acme.agent.tenantId, 9);
    const pendingId = new Types.ObjectId();
    await worker.get(MergeRepository).create({
      _id: pendingId,
      tenantId: pair.tenantId,
      survivorId: oid(pair.annId),
      victimIds: [oid(pair.victorId)],
      actorId: acme.agent.id,
      trigger: 'manual',
      picks: {},
    });
    const notDone = await as(acme.supervisor).post(undoPath(pendingId.toHexString()), {});
    expect([notDone.status, notDone.body.code, notDone.body.mergeStatus]).toEqual([409, 'merge_not_done', 'pending']);

    const mergeId = await mergeDone(pair.annId, pair.victorId);
    const locks = worker.get(MergeLockRepository);
    expect(await locks.acquire(pair.tenantId, pendingId, [oid(pair.annId)])).toBe(true);
    const busy = await as(acme.supervisor).post(undoPath(mergeId), {});
    expect(busy.status).toBe(409);
    expect(busy.body).toMatchObject({ code: 'customer_busy', mergeIds: [pendingId.toHexString()], undoIds: [] });
    await locks.release(pair.tenantId, pendingId);
    // Refused, it left no claim: the undo may run now.
    expect((await worker.get(MergeRepository).findById(pair.tenantId, mergeId))?.undoId).toBeUndefined();
    await finishedUndo(await as(acme.supervisor).post(undoPath(mergeId), {}));
  });

  it('lets supervisors and admins undo, not agents (403)', async () => {
    const pair = await mistakenPair(acme.agent.tenantId, 10);
    const mergeId = await mergeDone(pair.annId, pair.victorId);
    const byAgent = await as(acme.agent).post(undoPath(mergeId), {});
    expect([byAgent.status, byAgent.body.code]).toEqual([403, 'forbidden']);
    await finishedUndo(await as(acme.admin).post(undoPath(mergeId), {}));
  });

  it('answers 404 for unknown merges and another tenant’s, and undoes nothing across tenants', async () => {
    const pair = await mistakenPair(acme.agent.tenantId, 11);
    const mergeId = await mergeDone(pair.annId, pair.victorId);
    for (const id of [new Types.ObjectId().toHexString(), 'not-an-id']) {
      const response = await as(acme.supervisor).post(undoPath(id), {});
      expect([response.status, response.body.code]).toEqual([404, 'merge_not_found']);
    }
    const foreign = await as(globex.supervisor).post(undoPath(mergeId), {});
    expect([foreign.status, foreign.body.code]).toEqual([404, 'merge_not_found']);
    expect((await as(globex.supervisor).get(undoPath(mergeId))).status).toBe(404);
    expect(await worker.get(MergeUndoRepository).count({ tenantId: pair.tenantId, mergeId: oid(mergeId) })).toBe(0);

    const undo = await finishedUndo(await as(acme.supervisor).post(undoPath(mergeId), {}));
    expect((await as(globex.supervisor).get(undoPath(mergeId))).status).toBe(404);
    expect(undo.status).toBe('done');
  });
});
