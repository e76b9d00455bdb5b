import type { INestApplicationContext } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bullmq';
import { getConnectionToken } from '@nestjs/mongoose';
import { QueueEvents, type Queue } from 'bullmq';
import { Types, type Connection } from 'mongoose';
import type { InboundMessage } from '@app/channels';
import { CustomerLocksService, MoveExecutorService } from '@app/identity';
import { MoveRepository, type Conversation, type Identity, type Role } from '@app/persistence';
import { MergesProducer, QUEUES } from '@app/queue';
import {
  createTenantWithUsers,
  findInvariantViolations,
  RecordingConsole,
  signInAll,
  startApiInProcess,
  startWorkerModules,
  type InProcessApi,
  type RestClient,
  type TestUser,
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
let mergeEvents: QueueEvents;
let suggestionEvents: QueueEvents;
const whatsappChannelId = new Types.ObjectId().toHexString();
const emailChannelId = new Types.ObjectId().toHexString();
let sequence = 0;

/** Moves through the api's routes, run by the worker's processors in this process. */
beforeAll(async () => {
  api = await startApiInProcess();
  await Promise.all(
    [QUEUES.merges, QUEUES.suggestions].map((name) =>
      api.app.get<Queue>(getQueueToken(name)).obliterate({ force: true }),
    ),
  );
  worker = await startWorkerModules(api.env, [InboundModule, IdentityJobsModule]);
  db = api.app.get<Connection>(getConnectionToken());
  acme = await createTenantWithUsers(api.app, 'Acme');
  globex = await createTenantWithUsers(api.app, 'Globex');
  as = await signInAll(api.url, [acme.agent, acme.supervisor, acme.admin, globex.supervisor]);
  mergeEvents = new QueueEvents(QUEUES.merges, { connection: { url: api.env.REDIS_URL } });
  suggestionEvents = new QueueEvents(QUEUES.suggestions, { connection: { url: api.env.REDIS_URL } });
  await Promise.all([mergeEvents.waitUntilReady(), suggestionEvents.waitUntilReady()]);
});

afterAll(async () => {
  await mergeEvents?.close();
  await suggestionEvents?.close();
  await worker?.close();
  await Promise.all(
    [QUEUES.merges, QUEUES.suggestions].map((name) =>
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

/** A message stored as the worker stores one; WhatsApp messages of one number on one line share a conversation. */
async function ingest(
  kind: 'whatsapp' | 'email',
  address: string,
  channelId = kind === 'whatsapp' ? whatsappChannelId : emailChannelId,
  tenantId = acme.agent.tenantId,
): Promise<{ customerId: string; conversationId: string; externalId: string }> {
  sequence += 1;
  const event: InboundMessage = {
    type: 'message',
    channelKind: kind,
    externalId: `move-${sequence}`,
    from: { address },
    attachments: [],
    messageType: 'text',
    text: `hello ${sequence}`,
    sentAt: new Date().toISOString(),
  };
  const outcome = await worker
    .get(InboundIngestionService)
    .ingest({ tenantId, channelId, event, receivedAt: new Date().toISOString() });
  if (outcome.outcome !== 'stored') throw new Error(`not stored: ${outcome.outcome}`);
  return { customerId: outcome.customerId, conversationId: outcome.conversationId, externalId: event.externalId };
}

/** Ann's WhatsApp conversation (two messages): Bob's by the supervisor's judgment; Bob is known by his email. */
async function scene(n: number) {
  const phone = `+1555030${String(n).padStart(4, '0')}`;
  const ann = await ingest('whatsapp', phone.slice(1));
  await ingest('whatsapp', phone.slice(1));
  const bob = await ingest('email', `bob.move${n}@example.com`);
  return { phone, annId: ann.customerId, conversationId: ann.conversationId, bobId: bob.customerId };
}

async function identityOf(conversationId: string) {
  const conversation = await db
    .collection<Conversation>('conversations')
    .findOne({ _id: new Types.ObjectId(conversationId) });
  return (await db.collection<Identity>('identities').findOne({ _id: conversation!.identityId }))!;
}

const ownerOf = async (conversationId: string) =>
  (
    await db.collection<Conversation>('conversations').findOne({ _id: new Types.ObjectId(conversationId) })
  )?.customerId.toHexString();

const movePath = (conversationId: string) => `/api/v1/conversations/${conversationId}/move`;
const undoPath = (moveId: string) => `/api/v1/moves/${moveId}/undo`;

/** The move (or undo) once the worker finished it: followed through its job, never by sleeping. */
async function finished(response: { status: number; body: Record<string, unknown> }) {
  expect(response.status).toBe(202);
  const job = await api.app.get<Queue>(getQueueToken(QUEUES.merges)).getJob(`move-${response.body.id as string}`);
  if (job) await job.waitUntilFinished(mergeEvents, 20_000);
  const move = await as(acme.supervisor).get(`/api/v1/moves/${response.body.id as string}`);
  expect(move.status).toBe(200);
  expect(move.body.status).toBe('done');
  return move.body as Record<string, unknown> & { id: string; fromCustomerId: string; toCustomerId: string };
}

describe('POST /api/v1/conversations/:id/move', () => {
  it('moves the conversation with its messages, keeps the identity, records, emits and checks both customers', async () => {
    const tenantId = acme.agent.tenantId;
    const seeded = await scene(1);
    const identity = await identityOf(seeded.conversationId);
    const agentConsole = await RecordingConsole.connect(api.url, as(acme.agent).token);
    try {
      const response = await as(acme.supervisor).post(movePath(seeded.conversationId), {
        customerId: seeded.bobId,
        reason: 'Bob’s phone',
      });
      expect(response.body).toMatchObject({
        status: expect.stringMatching(/^(running|done)$/),
        conversationId: seeded.conversationId,
        identityId: identity._id.toHexString(),
        fromCustomerId: seeded.annId,
        toCustomerId: seeded.bobId,
        reason: 'Bob’s phone',
        actorId: acme.supervisor.id,
        undoes: null,
        moved: { conversations: 1, messages: 2 },
      });
      const move = await finished(response);
      expect(move.completedSteps).toEqual(['move-conversation', 'record-audit', 'release-locks']);

      expect(await ownerOf(seeded.conversationId)).toBe(seeded.bobId);
      const bob = await as(acme.agent).get(`/api/v1/customers/${seeded.bobId}`);
      expect(bob.body.conversations.map((c: { id: string }) => c.id)).toContain(seeded.conversationId);
      const messages = await as(acme.agent).get(`/api/v1/conversations/${seeded.conversationId}/messages`);
      expect(messages.body.items).toHaveLength(2);
      // The identity it came through stays with Ann.
      expect((await identityOf(seeded.conversationId)).customerId.toHexString()).toBe(seeded.annId);

      for (const customerId of [seeded.annId, seeded.bobId]) {
        const audit = await as(acme.supervisor).get(`/api/v1/customers/${customerId}/audit`);
        expect(audit.body.items[0]).toMatchObject({
          type: 'conversation.moved',
          actor: { kind: 'user', id: acme.supervisor.id, role: 'supervisor' },
          before: { customerId: seeded.annId },
          after: expect.objectContaining({ customerId: seeded.bobId, moveId: move.id }),
        });
      }
      expect(
        await agentConsole.next('conversation.updated', (event) => event.conversationId === seeded.conversationId),
      ).toMatchObject({ customerId: seeded.bobId, fromCustomerId: seeded.annId });
      const queue = api.app.get<Queue>(getQueueToken(QUEUES.suggestions));
      for (const customerId of [seeded.annId, seeded.bobId]) {
        const job = await queue.getJob(`check-${tenantId}-move-${move.id}-${customerId}`);
        expect(job).toBeDefined();
        await job!.waitUntilFinished(suggestionEvents, 20_000);
      }
      expect(await db.collection('merge_locks').countDocuments({ mergeId: new Types.ObjectId(move.id) })).toBe(0);
    } finally {
      agentConsole.close();
    }
  });

  it('keeps a later message of the identity in the moved conversation on its new customer; a new conversation goes to the identity’s', async () => {
    const seeded = await scene(2);
    await finished(await as(acme.supervisor).post(movePath(seeded.conversationId), { customerId: seeded.bobId }));

    const later = await ingest('whatsapp', seeded.phone.slice(1));
    expect(later).toMatchObject({ conversationId: seeded.conversationId, customerId: seeded.bobId });
    const elsewhere = await ingest('whatsapp', seeded.phone.slice(1), new Types.ObjectId().toHexString());
    expect(elsewhere.conversationId).not.toBe(seeded.conversationId);
    expect(elsewhere.customerId).toBe(seeded.annId);
    expect(await ownerOf(elsewhere.conversationId)).toBe(seeded.annId);
  });

  it('refuses unknown, malformed and foreign ids (404), the same customer and a merged-away one (409)', async () => {
    const seeded = await scene(3);
    const cases: [string, string, number, string][] = [
      [new Types.ObjectId().toHexString(), seeded.bobId, 404, 'conversation_not_found'],
      ['not-an-id', seeded.bobId, 404, 'conversation_not_found'],
      [seeded.conversationId, new Types.ObjectId().toHexString(), 404, 'customer_not_found'],
      [seeded.conversationId, 'not-an-id', 404, 'customer_not_found'],
      [seeded.conversationId, seeded.annId, 409, 'same_customer'],
    ];
    for (const [conversationId, customerId, status, code] of cases) {
      const response = await as(acme.supervisor).post(movePath(conversationId), { customerId });
      expect([response.status, response.body.code]).toEqual([status, code]);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
    const foreign = await as(globex.supervisor).post(movePath(seeded.conversationId), { customerId: seeded.bobId });
    expect([foreign.status, foreign.body.code]).toEqual([404, 'conversation_not_found']);
    const globexCustomer = await ingest('email', 'globex.move@example.com', emailChannelId, globex.agent.tenantId);
    const toForeign = await as(acme.supervisor).post(movePath(seeded.conversationId), {
      customerId: globexCustomer.customerId,
    });
    expect([toForeign.status, toForeign.body.code]).toEqual([404, 'customer_not_found']);

    // Bob merged into Carol: the target is refused, naming where it went (the supervisor chooses again).
    const carol = await ingest('email', 'carol.move3@example.com');
    const merge = await as(acme.supervisor).post('/api/v1/merges', {
      survivorId: carol.customerId,
      victimIds: [seeded.bobId],
    });
    expect(await worker.get(MergesProducer).waitFor(merge.body.id, 20_000)).toBe(true);
    const toTombstone = await as(acme.supervisor).post(movePath(seeded.conversationId), { customerId: seeded.bobId });
    expect(toTombstone.status).toBe(409);
    expect(toTombstone.body).toMatchObject({ code: 'customer_merged', survivorId: carol.customerId });
    expect(await ownerOf(seeded.conversationId)).toBe(seeded.annId);
    const locks = await db
      .collection('merge_locks')
      .countDocuments({ customerId: { $in: [seeded.annId, seeded.bobId].map((id) => new Types.ObjectId(id)) } });
    expect(locks).toBe(0);
  });

  it('refuses while another journal holds either customer (409 customer_busy, naming it)', async () => {
    const tenantId = acme.agent.tenantId;
    const seeded = await scene(4);
    const moves = api.app.get(MoveRepository);
    const holderId = new Types.ObjectId();
    await moves.create({
      _id: holderId,
      tenantId,
      conversationId: new Types.ObjectId(),
      identityId: new Types.ObjectId(),
      fromCustomerId: new Types.ObjectId(seeded.bobId),
      toCustomerId: new Types.ObjectId(),
      actorId: acme.supervisor.id,
    });
    await moves.startRunning(tenantId, holderId, {});
    const locks = api.app.get(CustomerLocksService);
    expect(await locks.acquire(tenantId, 'move', holderId, [new Types.ObjectId(seeded.bobId)])).toBeUndefined();
    try {
      const response = await as(acme.supervisor).post(movePath(seeded.conversationId), { customerId: seeded.bobId });
      expect(response.status).toBe(409);
      expect(response.body).toMatchObject({ code: 'customer_busy', moveIds: [holderId.toHexString()] });
      expect(await ownerOf(seeded.conversationId)).toBe(seeded.annId);
    } finally {
      await locks.release(tenantId, holderId);
      await moves.setStatus(tenantId, holderId, 'running', 'refused');
    }
  });

  it('lets supervisors and admins move and undo, not agents (403)', async () => {
    const seeded = await scene(5);
    const byAgent = await as(acme.agent).post(movePath(seeded.conversationId), { customerId: seeded.bobId });
    expect([byAgent.status, byAgent.body.code]).toEqual([403, 'forbidden']);
    const move = await finished(
      await as(acme.admin).post(movePath(seeded.conversationId), { customerId: seeded.bobId }),
    );
    const undoByAgent = await as(acme.agent).post(undoPath(move.id), {});
    expect([undoByAgent.status, undoByAgent.body.code]).toEqual([403, 'forbidden']);
    expect((await as(acme.agent).get(`/api/v1/moves/${move.id}`)).status).toBe(200);
    expect((await as(globex.supervisor).get(`/api/v1/moves/${move.id}`)).status).toBe(404);
    const foreignUndo = await as(globex.supervisor).post(undoPath(move.id), {});
    expect([foreignUndo.status, foreignUndo.body.code]).toEqual([404, 'move_not_found']);
    expect((await as(acme.supervisor).get('/api/v1/moves/not-an-id')).status).toBe(404);
    expect(await ownerOf(seeded.conversationId)).toBe(seeded.bobId);
  });

  it('runs again, twice at once, to the same end: one audit record, the conversation moved once', async () => {
    const tenantId = acme.agent.tenantId;
    const seeded = await scene(6);
    const move = await finished(
      await as(acme.supervisor).post(movePath(seeded.conversationId), { customerId: seeded.bobId }),
    );
    await db
      .collection('moves')
      .updateOne({ _id: new Types.ObjectId(move.id) }, { $set: { status: 'running', completedSteps: [] } });
    const executor = worker.get(MoveExecutorService);
    const outcomes = await Promise.all([executor.execute(tenantId, move.id), executor.execute(tenantId, move.id)]);
    expect(outcomes).toContain('done');
    expect(await executor.execute(tenantId, move.id)).toBe('already-done');
    expect(await ownerOf(seeded.conversationId)).toBe(seeded.bobId);
    const conversation = await db
      .collection('conversations')
      .findOne({ _id: new Types.ObjectId(seeded.conversationId) });
    expect(conversation?.mergeTrail).toEqual([
      { moveId: new Types.ObjectId(move.id), from: new Types.ObjectId(seeded.annId) },
    ]);
    expect(await db.collection('audit_records').countDocuments({ type: 'conversation.moved', key: move.id })).toBe(1);
  });
});

describe('POST /api/v1/moves/:id/undo', () => {
  it('brings the conversation back with the messages that arrived since, once', async () => {
    const seeded = await scene(7);
    const move = await finished(
      await as(acme.supervisor).post(movePath(seeded.conversationId), { customerId: seeded.bobId }),
    );
    const between = await ingest('whatsapp', seeded.phone.slice(1));
    expect(between).toMatchObject({ conversationId: seeded.conversationId, customerId: seeded.bobId });

    const response = await as(acme.supervisor).post(undoPath(move.id), {});
    expect(response.body).toMatchObject({
      conversationId: seeded.conversationId,
      fromCustomerId: seeded.bobId,
      toCustomerId: seeded.annId,
      undoes: move.id,
      moved: { conversations: 1, messages: 3 },
    });
    const undo = await finished(response);
    expect(await ownerOf(seeded.conversationId)).toBe(seeded.annId);
    const messages = await as(acme.agent).get(`/api/v1/conversations/${seeded.conversationId}/messages`);
    expect(messages.body.items.map((m: { externalId?: string; id: string }) => m.id)).toHaveLength(3);
    expect((await as(acme.agent).get(`/api/v1/moves/${move.id}`)).body.undoneBy).toBe(undo.id);
    const audit = await as(acme.supervisor).get(`/api/v1/customers/${seeded.annId}/audit`);
    expect(audit.body.items[0]).toMatchObject({
      type: 'conversation.moved',
      before: { customerId: seeded.bobId },
      after: expect.objectContaining({ customerId: seeded.annId, moveId: undo.id, undoes: move.id }),
    });

    // A move is undone once: a repeat answers the undo that did it.
    const again = await as(acme.supervisor).post(undoPath(move.id), {});
    expect([again.status, again.body.id]).toEqual([200, undo.id]);
    expect(await db.collection('moves').countDocuments({ undoes: new Types.ObjectId(move.id) })).toBe(1);
  });

  it('is refused with what stands in the way: the conversation moved again, its first customer merged away', async () => {
    const seeded = await scene(8);
    const move = await finished(
      await as(acme.supervisor).post(movePath(seeded.conversationId), { customerId: seeded.bobId }),
    );
    const carol = await ingest('email', 'carol.move8@example.com');
    const onward = await finished(
      await as(acme.supervisor).post(movePath(seeded.conversationId), { customerId: carol.customerId }),
    );
    const dave = await ingest('email', 'dave.move8@example.com');
    const merge = await as(acme.supervisor).post('/api/v1/merges', {
      survivorId: dave.customerId,
      victimIds: [seeded.annId],
    });
    expect(await worker.get(MergesProducer).waitFor(merge.body.id, 20_000)).toBe(true);

    const response = await as(acme.supervisor).post(undoPath(move.id), {});
    expect(response.status).toBe(409);
    expect(response.body).toMatchObject({
      code: 'undo_blocked',
      moveId: move.id,
      obstacles: [
        {
          reason: 'conversation_moved',
          conversationId: seeded.conversationId,
          customerId: carol.customerId,
          movedBy: { moveId: onward.id },
        },
        { reason: 'customer_merged', customerId: seeded.annId, mergedInto: dave.customerId },
      ],
    });
    expect(await ownerOf(seeded.conversationId)).toBe(carol.customerId);
    const unknown = await as(acme.supervisor).post(undoPath(new Types.ObjectId().toHexString()), {});
    expect([unknown.status, unknown.body.code]).toEqual([404, 'move_not_found']);
    // The refused undo gave the claim back: the onward move can still be undone.
    await finished(await as(acme.supervisor).post(undoPath(onward.id), {}));
    expect(await ownerOf(seeded.conversationId)).toBe(seeded.bobId);
  });
});
