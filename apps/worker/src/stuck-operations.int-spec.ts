import { jest } from '@jest/globals';
import type { INestApplicationContext } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bullmq';
import { getConnectionToken } from '@nestjs/mongoose';
import { QueueEvents, type Queue } from 'bullmq';
import { Types, type Connection } from 'mongoose';
import request from 'supertest';
import type { InboundMessage } from '@app/channels';
import { MergeExecutorService, OperationsService } from '@app/identity';
import { MergeLockRepository, MergeRepository, type Role } from '@app/persistence';
import {
  DetachesProducer,
  JOURNAL_JOB_OPTIONS,
  MergesProducer,
  MergeUndosProducer,
  MovesProducer,
  OPERATIONS_RESUME_SCHEDULER,
  QUEUES,
  type JournalJobKind,
  type MergeJob,
} from '@app/queue';
import {
  createTenantWithUsers,
  findInvariantViolations,
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
let queue: Queue;
let events: QueueEvents;
let suggestionEvents: QueueEvents;
let acme: Record<Role, TestUser>;
let globex: Record<Role, TestUser>;
let as: (user: TestUser) => RestClient;
const emailChannelId = new Types.ObjectId().toHexString();
let sequence = 0;

/**
 * Operations left behind without a worker dying — a job that used up its attempts, an enqueue that failed after the
 * locks were taken, a starter that died while pending — are finished (or given back) by the worker's periodic
 * resumer, driven here through its handler with a clock past the threshold; what moves recently is left alone.
 */
beforeAll(async () => {
  api = await startApiInProcess();
  queue = api.app.get<Queue>(getQueueToken(QUEUES.merges));
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
  events = new QueueEvents(QUEUES.merges, { connection: { url: api.env.REDIS_URL } });
  suggestionEvents = new QueueEvents(QUEUES.suggestions, { connection: { url: api.env.REDIS_URL } });
  await Promise.all([events.waitUntilReady(), suggestionEvents.waitUntilReady()]);
});

afterAll(async () => {
  await checksFinished();
  await events?.close();
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
  jest.restoreAllMocks();
  await checksFinished();
  for (const user of [acme.agent, globex.agent]) {
    expect(await findInvariantViolations(db, new Types.ObjectId(user.tenantId))).toEqual([]);
  }
});

const oid = (id: string) => new Types.ObjectId(id);

/** The suggestion checks a finished merge queued have run (none is cut short by the end of the file). */
async function checksFinished(): Promise<void> {
  const suggestions = api.app.get<Queue>(getQueueToken(QUEUES.suggestions));
  const pending = await suggestions.getJobs(['active', 'waiting', 'delayed', 'prioritized']);
  await Promise.all(pending.map((job) => job.waitUntilFinished(suggestionEvents, 20_000).catch(() => undefined)));
}

async function customer(tenantId: string): Promise<string> {
  return (await customerWithConversation(tenantId)).customerId;
}

async function customerWithConversation(tenantId: string): Promise<{ customerId: string; conversationId: string }> {
  sequence += 1;
  const event: InboundMessage = {
    type: 'message',
    channelKind: 'email',
    externalId: `stuck-${sequence}`,
    from: { address: `stuck${sequence}@example.com` },
    attachments: [],
    messageType: 'text',
    text: `hello ${sequence}`,
    sentAt: new Date().toISOString(),
  };
  const outcome = await worker
    .get(InboundIngestionService)
    .ingest({ tenantId, channelId: emailChannelId, event, receivedAt: new Date().toISOString() });
  if (outcome.outcome !== 'stored') throw new Error(`not stored: ${outcome.outcome}`);
  return { customerId: outcome.customerId, conversationId: outcome.conversationId };
}

/** The periodic resumer's handler, as if it ran once the operations had been still for longer than the threshold. */
function resumeLater() {
  const operations = worker.get(OperationsService);
  return operations.resumeStuck(new Date(Date.now() + operations.stuckAfterMs));
}

/** A merge whose enqueue failed after its journal went running under both customers' locks (the api answered 500). */
async function mergeNotQueued(user: TestUser): Promise<{ mergeId: string; survivorId: string; victimId: string }> {
  const [survivorId, victimId] = [await customer(user.tenantId), await customer(user.tenantId)];
  jest.spyOn(api.app.get(MergesProducer), 'execute').mockRejectedValueOnce(new Error('Redis went away'));
  const response = await as(user).post('/api/v1/merges', { survivorId, victimIds: [victimId] });
  expect(response.status).toBe(500);
  const merge = await worker.get(MergeRepository).findOne({ tenantId: user.tenantId, survivorId: oid(survivorId) });
  expect(merge).toMatchObject({ status: 'running', completedSteps: [] });
  return { mergeId: merge!._id.toHexString(), survivorId, victimId };
}

async function finishedJob(jobId: string): Promise<void> {
  const job = await queue.getJob(jobId);
  if (!job) throw new Error(`no job ${jobId}`);
  await job.waitUntilFinished(events, 20_000);
}

async function expectMergeDone(tenantId: string, mergeId: string, survivorId: string, victimId: string) {
  const merge = await worker.get(MergeRepository).findById(tenantId, mergeId);
  expect(merge).toMatchObject({ status: 'done' });
  expect(await worker.get(MergeLockRepository).findHeld(tenantId, [oid(survivorId), oid(victimId)])).toEqual([]);
  const victim = await db.collection('customers').findOne({ _id: oid(victimId) });
  expect(victim?.mergedInto?.toHexString()).toBe(survivorId);
}

describe('the periodic resumer', () => {
  it('is scheduled on the merges queue when the worker starts, every third of the threshold', async () => {
    const scheduler = await queue.getJobScheduler(OPERATIONS_RESUME_SCHEDULER);
    expect(scheduler).toMatchObject({ name: 'operations.resume' });
    expect(Number(scheduler?.every)).toBe(Math.floor(worker.get(OperationsService).stuckAfterMs / 3));
  });

  it('finishes a merge whose job failed for good, without a restart', async () => {
    const [survivorId, victimId] = [await customer(acme.agent.tenantId), await customer(acme.agent.tenantId)];
    // Its one attempt fails: the executor throws once, as a database outage would.
    jest.spyOn(api.app.get(MergesProducer), 'execute').mockImplementationOnce(async (job: MergeJob) => {
      await queue.add('merge.execute', job, { ...JOURNAL_JOB_OPTIONS, jobId: `merge-${job.mergeId}`, attempts: 1 });
    });
    jest.spyOn(worker.get(MergeExecutorService), 'execute').mockRejectedValueOnce(new Error('database outage'));
    const response = await as(acme.supervisor).post('/api/v1/merges', { survivorId, victimIds: [victimId] });
    expect(response.status).toBe(202);
    const mergeId = response.body.id as string;
    const failed = await queue.getJob(`merge-${mergeId}`);
    await expect(failed!.waitUntilFinished(events, 20_000)).rejects.toThrow('database outage');
    expect(await failed!.getState()).toBe('failed');
    expect(await worker.get(MergeRepository).findById(acme.agent.tenantId, mergeId)).toMatchObject({
      status: 'running',
    });

    expect(await resumeLater()).toContainEqual({ kind: 'merge', id: mergeId, action: 'resumed' });
    await finishedJob(`merge-${mergeId}`);
    await expectMergeDone(acme.agent.tenantId, mergeId, survivorId, victimId);
  });

  it('finishes a merge whose enqueue failed after its locks were taken', async () => {
    const { mergeId, survivorId, victimId } = await mergeNotQueued(acme.supervisor);
    expect(await worker.get(MergeLockRepository).findHeld(acme.agent.tenantId, [oid(survivorId)])).toHaveLength(1);
    expect(await queue.getJob(`merge-${mergeId}`)).toBeUndefined();

    expect(await resumeLater()).toContainEqual({ kind: 'merge', id: mergeId, action: 'resumed' });
    await finishedJob(`merge-${mergeId}`);
    await expectMergeDone(acme.agent.tenantId, mergeId, survivorId, victimId);
  });

  it('leaves alone a running operation whose heartbeat is fresh, and resumes it once it is stuck', async () => {
    const { mergeId, survivorId, victimId } = await mergeNotQueued(acme.supervisor);
    await worker.get(MergeRepository).heartbeat(acme.agent.tenantId, oid(mergeId));
    const operations = worker.get(OperationsService);
    expect(await operations.resumeStuck(new Date())).not.toContainEqual(expect.objectContaining({ id: mergeId }));
    expect(await queue.getJob(`merge-${mergeId}`)).toBeUndefined();
    expect(await worker.get(MergeRepository).findById(acme.agent.tenantId, mergeId)).toMatchObject({
      status: 'running',
    });

    // Once it is stuck, two looks at once (a slow look overlapping the next) hand it over under one job id.
    await Promise.all([resumeLater(), resumeLater()]);
    await finishedJob(`merge-${mergeId}`);
    await expectMergeDone(acme.agent.tenantId, mergeId, survivorId, victimId);
  });

  it('gives back the locks of a merge whose starter died while pending', async () => {
    const tenantId = acme.agent.tenantId;
    const [survivorId, victimId] = [await customer(tenantId), await customer(tenantId)];
    const mergeId = new Types.ObjectId();
    await worker.get(MergeRepository).create({
      _id: mergeId,
      tenantId,
      survivorId: oid(survivorId),
      victimIds: [oid(victimId)],
      actorId: acme.supervisor.id,
      trigger: 'manual',
      picks: {},
    });
    expect(await worker.get(MergeLockRepository).acquire(tenantId, mergeId, [oid(survivorId), oid(victimId)])).toBe(
      true,
    );

    expect(await worker.get(OperationsService).resumeStuck(new Date())).toEqual([]);
    expect(await resumeLater()).toContainEqual({ kind: 'merge', id: mergeId.toHexString(), action: 'abandoned' });
    expect(await worker.get(MergeRepository).findById(tenantId, mergeId.toHexString())).toMatchObject({
      status: 'refused',
    });
    expect(await worker.get(MergeLockRepository).findHeld(tenantId, [oid(survivorId), oid(victimId)])).toEqual([]);
  });
});

/** A customer holding two identities (and their conversations): a merge of two, done. */
async function twoIdentities(tenantId: string): Promise<{ customerId: string; identityId: string }> {
  const [survivorId, victimId] = [await customer(tenantId), await customer(tenantId)];
  const identity = await db.collection('identities').findOne({ customerId: oid(victimId) });
  await mergeDone(survivorId, victimId);
  return { customerId: survivorId, identityId: identity!._id.toHexString() };
}

async function mergeDone(survivorId: string, victimId: string): Promise<string> {
  const response = await as(acme.supervisor).post('/api/v1/merges', { survivorId, victimIds: [victimId] });
  expect(await worker.get(MergesProducer).waitFor(response.body.id as string, 20_000)).toBe(true);
  return response.body.id as string;
}

async function detachDone(customerId: string, identityId: string): Promise<string> {
  const response = await as(acme.supervisor).post(
    `/api/v1/customers/${customerId}/identities/${identityId}/detach`,
    {},
  );
  expect(await worker.get(DetachesProducer).waitFor(response.body.id as string, 20_000)).toBe(true);
  return response.body.id as string;
}

/** Journals of each kind whose enqueue fails after their locks were taken: the request, and where the journal is. */
const notQueued: [
  string,
  JournalJobKind,
  string,
  () => { execute: (...args: never[]) => Promise<void> },
  (tenantId: string) => Promise<{ path: string; body?: Record<string, string> }>,
][] = [
  [
    'a detach',
    'detach',
    'detaches',
    () => api.app.get(DetachesProducer),
    async (tenantId) => {
      const { customerId, identityId } = await twoIdentities(tenantId);
      return { path: `/api/v1/customers/${customerId}/identities/${identityId}/detach` };
    },
  ],
  [
    'a detach undo',
    'detach',
    'detaches',
    () => api.app.get(DetachesProducer),
    async (tenantId) => {
      const { customerId, identityId } = await twoIdentities(tenantId);
      return { path: `/api/v1/detaches/${await detachDone(customerId, identityId)}/undo` };
    },
  ],
  [
    'a move',
    'move',
    'moves',
    () => api.app.get(MovesProducer),
    async (tenantId) => {
      const { conversationId } = await customerWithConversation(tenantId);
      const to = await customer(tenantId);
      return { path: `/api/v1/conversations/${conversationId}/move`, body: { customerId: to } };
    },
  ],
  [
    'a merge undo',
    'undo',
    'merge_undos',
    () => api.app.get(MergeUndosProducer),
    async (tenantId) => {
      const [survivorId, victimId] = [await customer(tenantId), await customer(tenantId)];
      return { path: `/api/v1/merges/${await mergeDone(survivorId, victimId)}/undo` };
    },
  ],
];

describe('stuck operations of every kind', () => {
  it.each(notQueued)(
    'finishes %s whose enqueue failed after its locks were taken, and gives the locks back',
    async (_name, kind, collection, producer, prepare) => {
      const tenantId = acme.agent.tenantId;
      const { path, body } = await prepare(tenantId);
      jest.spyOn(producer(), 'execute').mockRejectedValueOnce(new Error('Redis went away'));
      const startedAt = new Date();
      const response = await as(acme.supervisor).post(path, body ?? {});
      expect(response.status).toBe(500);
      const journal = await db
        .collection(collection)
        .findOne({ tenantId: oid(tenantId), createdAt: { $gte: startedAt } }, { sort: { _id: -1 } });
      expect(journal).toMatchObject({ status: 'running', completedSteps: [] });
      const id = journal!._id.toHexString();
      expect(await db.collection('merge_locks').countDocuments({ mergeId: journal!._id })).toBeGreaterThan(0);
      expect(await queue.getJob(`${kind}-${id}`)).toBeUndefined();

      expect(await resumeLater()).toContainEqual({ kind, id, action: 'resumed' });
      await finishedJob(`${kind}-${id}`);
      expect(await db.collection(collection).findOne({ _id: journal!._id })).toMatchObject({ status: 'done' });
      expect(await db.collection('merge_locks').countDocuments({ mergeId: journal!._id })).toBe(0);
    },
  );
});

describe('GET /api/v1/operations', () => {
  let running: { mergeId: string; survivorId: string; victimId: string }[];
  let globexMerge: { mergeId: string };

  beforeAll(async () => {
    running = [await mergeNotQueued(acme.supervisor), await mergeNotQueued(acme.supervisor)];
    globexMerge = await mergeNotQueued(globex.supervisor);
    jest.restoreAllMocks();
  });

  afterAll(async () => {
    await resumeLater();
    for (const { mergeId } of [...running, globexMerge]) await finishedJob(`merge-${mergeId}`);
  });

  it('answers agents 403', async () => {
    const response = await as(acme.agent).get('/api/v1/operations');
    expect(response.status).toBe(403);
  });

  it('lists the tenant’s running operations across kinds, newest first, with what they lock', async () => {
    const response = await as(acme.supervisor).get('/api/v1/operations?status=running');
    expect(response.status).toBe(200);
    const ids = response.body.items.map((item: { id: string }) => item.id);
    expect(ids).toEqual(running.map(({ mergeId }) => mergeId).reverse());
    expect(ids).not.toContain(globexMerge.mergeId);
    expect(response.body.items[0]).toEqual({
      kind: 'merge',
      id: running[1].mergeId,
      status: 'running',
      customerIds: [running[1].survivorId, running[1].victimId],
      completedSteps: [],
      actorId: acme.supervisor.id,
      startedAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect(response.body.nextCursor).toBeNull();
  });

  it('pages with a cursor, filters by kind, and refuses a cursor it did not hand out', async () => {
    const first = await as(acme.admin).get('/api/v1/operations?limit=1');
    expect(first.body.items.map((item: { id: string }) => item.id)).toEqual([running[1].mergeId]);
    const second = await as(acme.admin).get(`/api/v1/operations?limit=1&cursor=${first.body.nextCursor}`);
    expect(second.body.items.map((item: { id: string }) => item.id)).toEqual([running[0].mergeId]);
    expect(second.body.nextCursor).toBeNull();

    expect((await as(acme.supervisor).get('/api/v1/operations?kind=detach')).body.items).toEqual([]);
    expect((await as(acme.supervisor).get('/api/v1/operations?kind=merge')).body.items).toHaveLength(2);
    expect((await as(acme.supervisor).get('/api/v1/operations?kind=nope')).status).toBe(400);
    expect((await as(acme.supervisor).get('/api/v1/operations?cursor=bogus')).body.code).toBe('invalid_cursor');
  });

  it('shows each tenant only its own', async () => {
    const response = await as(globex.supervisor).get('/api/v1/operations');
    expect(response.body.items.map((item: { id: string }) => item.id)).toEqual([globexMerge.mergeId]);
  });

  it('is documented in OpenAPI', async () => {
    const { paths } = (await request(api.url).get('/api/docs-json')).body;
    expect(Object.keys(paths['/api/v1/operations'])).toEqual(['get']);
    expect(paths['/api/v1/operations'].get.responses).toHaveProperty('200');
    expect(paths['/api/v1/operations'].get.responses).toHaveProperty('403');
    expect(paths['/api/v1/operations'].get.parameters.map((parameter: { name: string }) => parameter.name)).toEqual(
      expect.arrayContaining(['status', 'kind', 'cursor', 'limit']),
    );
  });
});
