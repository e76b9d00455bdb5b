import type { INestApplicationContext } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bullmq';
import { getConnectionToken } from '@nestjs/mongoose';
import { QueueEvents, type Queue } from 'bullmq';
import { Types, type Connection } from 'mongoose';
import request from 'supertest';
import { DEFAULT_IDENTITY_SETTINGS } from '@app/domain';
import {
  BulkMergeRepository,
  CustomerRepository,
  MergeLockRepository,
  MergeRepository,
  type Role,
} from '@app/persistence';
import { MergesProducer, QUEUES } from '@app/queue';
import {
  createConnectorChannel,
  createTenantWithUsers,
  findInvariantViolations,
  seedBulkPairs,
  signInAll,
  startApiInProcess,
  startIdentityJobs,
  type InProcessApi,
  type RestClient,
  type TestUser,
} from '@app/testing';

let api: InProcessApi;
let worker: INestApplicationContext;
let bulkJobs: QueueEvents;
let acme: Record<Role, TestUser>;
let globex: Record<Role, TestUser>;
let as: (user: TestUser) => RestClient;

const queuesOfThisFile = [QUEUES.merges, QUEUES.suggestions, QUEUES.bulkMerges];
const obliterate = () =>
  Promise.all(queuesOfThisFile.map((name) => api?.app.get<Queue>(getQueueToken(name)).obliterate({ force: true })));

/** The bulk merge once its job finished: followed through the job's events, never by sleeping. */
async function finishedBulkMerge(client: { get(path: string): request.Test }, id: string) {
  const job = await api.app.get<Queue>(getQueueToken(QUEUES.bulkMerges)).getJob(`bulk-merge-${id}`);
  expect(job).toBeDefined();
  await job!.waitUntilFinished(bulkJobs, 300_000);
  const response = await client.get(`/api/v1/merges/bulk/${id}`);
  expect(response.status).toBe(200);
  return response.body;
}

/** Every pair of a bulk merge, read a page of `limit` at a time through `nextCursor`, checking the pages join. */
async function allPairs(client: { get(path: string): request.Test }, id: string, limit: number) {
  const pairs: { index: number; survivorId: string; victimId: string; result: Record<string, unknown> | null }[] = [];
  let cursor: string | null = null;
  do {
    const query: string = cursor ? `limit=${limit}&cursor=${cursor}` : `limit=${limit}`;
    const page = await client.get(`/api/v1/merges/bulk/${id}?${query}`);
    expect(page.status).toBe(200);
    expect(page.body.pairs.length).toBeLessThanOrEqual(limit);
    pairs.push(...page.body.pairs);
    cursor = page.body.nextCursor;
  } while (cursor);
  expect(pairs.map((pair) => pair.index)).toEqual(pairs.map((_pair, index) => index));
  return pairs;
}

const SETTINGS = {
  ...DEFAULT_IDENTITY_SETTINGS,
  uniqueIdentifierTypes: [{ type: 'loyaltyCard', doNotMergeDifferent: true }],
};

async function customer(tenantId: string, loyaltyCard?: string): Promise<string> {
  const id = new Types.ObjectId();
  const customers = api.app.get(CustomerRepository);
  await customers.recordActivity(tenantId, id, new Date('2026-03-01T10:00:00Z'));
  if (loyaltyCard) {
    await customers.updateOne(
      { tenantId, _id: id },
      { $set: { uniqueIdentifiers: [{ type: 'loyaltyCard', value: loyaltyCard }] } },
    );
  }
  return id.toHexString();
}

beforeAll(async () => {
  api = await startApiInProcess();
  // Jobs another test file of this Jest worker left in the shared Redis database.
  await obliterate();
  worker = await startIdentityJobs(api.env);
  bulkJobs = new QueueEvents(QUEUES.bulkMerges, { connection: { url: api.env.REDIS_URL } });
  await bulkJobs.waitUntilReady();
  acme = await createTenantWithUsers(api.app, 'Acme');
  globex = await createTenantWithUsers(api.app, 'Globex');
  as = await signInAll(api.url, [acme.agent, acme.supervisor, acme.admin, globex.admin]);
  expect((await as(acme.admin).put('/api/v1/settings/identity', SETTINGS)).status).toBe(200);
}, 60_000);

afterAll(async () => {
  await bulkJobs?.close();
  await worker?.close();
  await obliterate();
  await api?.close();
});

describe('POST /api/v1/merges/bulk', () => {
  it('merges 1,000 pairs in one job and reports each; the same key again answers it without a second run', async () => {
    const tenantId = acme.admin.tenantId;
    const plain = await seedBulkPairs(api.app.get(CustomerRepository), tenantId, 995, 'bulk');
    const [a, b, c] = [await customer(tenantId), await customer(tenantId), await customer(tenantId)];
    const [carded, otherCard] = [await customer(tenantId, '5001'), await customer(tenantId, '5002')];
    const theirs = await customer(globex.admin.tenantId);
    const pairs = [
      { survivorId: a, victimId: b },
      { survivorId: b, victimId: c },
      ...plain.slice(0, 500).map(({ survivorId, victimId }) => ({ survivorId, victimId })),
      { survivorId: carded, victimId: otherCard },
      { survivorId: a, victimId: theirs },
      ...plain.slice(500).map(({ survivorId, victimId }) => ({ survivorId, victimId })),
      { survivorId: b, victimId: a },
    ];
    expect(pairs).toHaveLength(1_000);

    const accepted = await as(acme.admin).post('/api/v1/merges/bulk', { idempotencyKey: 'dedup-1', pairs });
    expect(accepted.status).toBe(202);
    expect(accepted.body).toEqual({ id: expect.any(String), status: 'queued' });
    const bulk = await finishedBulkMerge(as(acme.admin), accepted.body.id);

    const outcomes = { merged: 997, blocked: 1, not_found: 1, same_customer: 1 };
    expect(bulk).toMatchObject({
      id: accepted.body.id,
      idempotencyKey: 'dedup-1',
      status: 'done',
      actorKind: 'user',
      actorId: acme.admin.id,
      progress: { total: 1_000, done: 1_000, outcomes },
      report: { pairs: { total: 1_000, done: 1_000, outcomes }, durationMs: expect.any(Number) },
    });
    // The pairs come a page at a time (100 by default), the progress and the report counting them all.
    expect(bulk.pairs).toHaveLength(100);
    expect(bulk.pairs[99]).toMatchObject({ index: 99, ...pairs[99] });
    expect(bulk.nextCursor).toEqual(expect.any(String));
    const paged = await allPairs(as(acme.admin), accepted.body.id, 400);
    expect(paged).toHaveLength(1_000);
    expect(paged.map(({ survivorId, victimId }) => ({ survivorId, victimId }))).toEqual(pairs);
    expect(paged.slice(0, 100)).toEqual(bulk.pairs);
    const result = (index: number) => paged[index].result;
    expect(result(0)).toMatchObject({ outcome: 'merged', survivorId: a, mergeId: expect.any(String) });
    // B was merged into A by the pair before: C goes to A.
    expect(result(1)).toMatchObject({ outcome: 'merged', survivorId: a });
    expect(result(502)).toMatchObject({
      outcome: 'blocked',
      survivorId: carded,
      blocks: [{ code: 'different_unique_identifiers', identifierType: 'loyaltyCard', values: ['5001', '5002'] }],
    });
    expect(result(503)).toEqual({ outcome: 'not_found', customerId: theirs, attempts: 1 });
    expect(result(999)).toEqual({ outcome: 'same_customer', survivorId: a, attempts: 1 });

    const customers = api.app.get(CustomerRepository);
    const victims = await customers.findByIds(
      tenantId,
      plain.map(({ victimId }) => new Types.ObjectId(victimId)),
    );
    const mergedInto = new Map(victims.map((victim) => [victim._id.toHexString(), victim.mergedInto?.toHexString()]));
    expect(plain.filter(({ survivorId, victimId }) => mergedInto.get(victimId) !== survivorId)).toEqual([]);
    const survivor = await customers.findById(tenantId, plain[994].survivorId);
    expect(survivor?.contactData.map((contact) => contact.value)).toEqual([plain[994].phone]);
    expect((await customers.findById(tenantId, c))?.mergedInto?.toHexString()).toBe(a);
    expect((await customers.findById(tenantId, otherCard))?.mergedInto).toBeNull();
    const merges = api.app.get(MergeRepository);
    expect(await merges.count({ tenantId, status: 'done', actorId: acme.admin.id })).toBe(997);
    const connection = api.app.get<Connection>(getConnectionToken());
    expect(await findInvariantViolations(connection, new Types.ObjectId(tenantId))).toEqual([]);

    // The blocked pair's journal too, refused.
    const journals = await merges.count({ tenantId });
    expect(journals).toBe(998);
    const again = await as(acme.admin).post('/api/v1/merges/bulk', { idempotencyKey: 'dedup-1', pairs });
    expect(again.status).toBe(202);
    expect(again.body).toEqual({ id: accepted.body.id, status: 'done' });
    const unchanged = await as(acme.admin).get(`/api/v1/merges/bulk/${accepted.body.id as string}`);
    expect(unchanged.body).toEqual(bulk);
    expect(await merges.count({ tenantId })).toBe(journals);

    const base = `/api/v1/merges/bulk/${accepted.body.id as string}`;
    const last = await as(acme.admin).get(`${base}?limit=1000`);
    expect(last.body).toMatchObject({ nextCursor: null, progress: bulk.progress, report: bulk.report });
    expect(last.body.pairs).toHaveLength(1_000);
    for (const [query, code] of [
      ['cursor=bm90LWEtY3Vyc29y', 'invalid_cursor'],
      ['limit=0', 'validation_failed'],
      ['limit=1001', 'validation_failed'],
    ]) {
      const refused = await as(acme.admin).get(`${base}?${query}`);
      expect({ query, status: refused.status, code: refused.body.code }).toEqual({ query, status: 400, code });
    }
  }, 300_000);

  it('takes connector keys of any channel and admins, not agents or supervisors; a tenant sees its own', async () => {
    const tenantId = acme.admin.tenantId;
    const [survivorId, victimId] = [await customer(tenantId), await customer(tenantId)];
    const theirs = await customer(globex.admin.tenantId);
    const body = {
      idempotencyKey: 'from-the-crm',
      pairs: [
        { survivorId, victimId },
        { survivorId: theirs, victimId: survivorId },
      ],
    };
    for (const user of [acme.agent, acme.supervisor]) {
      const refused = await as(user).post('/api/v1/merges/bulk', body);
      expect(refused.status).toBe(403);
      expect(refused.body.code).toBe('forbidden');
    }
    const forged = await request(api.url)
      .post('/api/v1/merges/bulk')
      .set('Authorization', `Bearer cck_${new Types.ObjectId().toHexString()}_${'x'.repeat(43)}`)
      .send(body);
    expect(forged.status).toBe(401);

    const { key } = await createConnectorChannel(as(acme.admin), 'api');
    const connector = {
      get: (path: string) => request(api.url).get(path).set('Authorization', `Bearer ${key}`),
      post: (path: string, payload: object) =>
        request(api.url).post(path).set('Authorization', `Bearer ${key}`).send(payload),
    };
    const accepted = await connector.post('/api/v1/merges/bulk', body);
    expect(accepted.status).toBe(202);
    const bulk = await finishedBulkMerge(connector, accepted.body.id);
    const keyId = key.split('_')[1];
    expect(bulk).toMatchObject({
      status: 'done',
      actorKind: 'connector',
      actorId: keyId,
      nextCursor: null,
      pairs: [
        { index: 0, survivorId, victimId, result: { outcome: 'merged', survivorId } },
        { index: 1, result: { outcome: 'not_found', customerId: theirs } },
      ],
    });
    // The pair's merge is the connector's, in its journal and in the audit trail, not a user's.
    const mergeId = bulk.pairs[0].result.mergeId as string;
    expect(await api.app.get(MergesProducer).waitFor(mergeId, 60_000)).toBe(true);
    const merge = await as(acme.admin).get(`/api/v1/merges/${mergeId}`);
    expect(merge.body).toMatchObject({ actorKind: 'connector', actorId: keyId });
    const audited = await as(acme.admin).get(`/api/v1/audit?type=customer.merged&actor=connector:${keyId}`);
    expect(audited.status).toBe(200);
    expect(audited.body.items).toHaveLength(1);
    expect(audited.body.items[0]).toMatchObject({
      actor: { kind: 'connector', keyId },
      customerIds: [survivorId, victimId],
    });
    expect((await as(acme.agent).get(`/api/v1/merges/bulk/${accepted.body.id as string}`)).status).toBe(403);

    const foreign = await as(globex.admin).get(`/api/v1/merges/bulk/${accepted.body.id as string}`);
    expect(foreign.status).toBe(404);
    expect(foreign.body.code).toBe('not_found');
    // Keys are per tenant: the same key in another tenant is a request of its own.
    const globexBulk = await as(globex.admin).post('/api/v1/merges/bulk', {
      idempotencyKey: 'from-the-crm',
      pairs: [{ survivorId: theirs, victimId }],
    });
    expect(globexBulk.status).toBe(202);
    expect(globexBulk.body.id).not.toBe(accepted.body.id);
    const theirBulk = await finishedBulkMerge(as(globex.admin), globexBulk.body.id);
    expect(theirBulk.pairs[0].result).toEqual({ outcome: 'not_found', customerId: victimId, attempts: 1 });
    expect((await as(globex.admin).get(`/api/v1/merges/bulk/${new Types.ObjectId().toHexString()}`)).status).toBe(404);
  }, 120_000);

  it('reports a pair whose customer another journal holds through every attempt as busy; the next pairs run', async () => {
    const tenantId = acme.admin.tenantId;
    const [held, other, free, freeVictim] = [
      await customer(tenantId),
      await customer(tenantId),
      await customer(tenantId),
      await customer(tenantId),
    ];
    // A merge taking its locks (pending, recent: not a leftover), as a starter in another api would hold them.
    const holder = await api.app.get(MergeRepository).create({
      _id: new Types.ObjectId(),
      tenantId,
      survivorId: new Types.ObjectId(held),
      victimIds: [new Types.ObjectId()],
      actorId: acme.admin.id,
      trigger: 'manual',
      picks: {},
    });
    expect(
      await api.app.get(MergeLockRepository).acquire(tenantId, holder._id, [new Types.ObjectId(held)], 'merge'),
    ).toBe(true);

    const accepted = await as(acme.admin).post('/api/v1/merges/bulk', {
      idempotencyKey: 'while-held',
      pairs: [
        { survivorId: held, victimId: other },
        { survivorId: free, victimId: freeVictim },
      ],
    });
    const bulk = await finishedBulkMerge(as(acme.admin), accepted.body.id);

    expect(bulk.pairs.map((pair: { result: object }) => pair.result)).toEqual([
      {
        outcome: 'busy',
        heldBy: { mergeIds: [holder._id.toHexString()], detachIds: [], undoIds: [], moveIds: [] },
        attempts: 5,
      },
      { outcome: 'merged', survivorId: free, mergeId: expect.any(String), attempts: 1 },
    ]);
    expect((await api.app.get(CustomerRepository).findById(tenantId, other))?.mergedInto).toBeNull();
    await api.app.get(MergeLockRepository).release(tenantId, holder._id);
  });

  it('lists the tenant’s bulk merges newest first with their progress, a page at a time, for admins', async () => {
    const tenantId = acme.admin.tenantId;
    const listed: { id: string; idempotencyKey: string; progress: object; pairs?: unknown }[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `limit=1&cursor=${cursor}` : 'limit=1';
      const page = await as(acme.admin).get(`/api/v1/merges/bulk?${query}`);
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(1);
      listed.push(...page.body.items);
      cursor = page.body.nextCursor;
    } while (cursor);
    const stored = await api.app.get(BulkMergeRepository).find({ tenantId }, { sort: { _id: -1 } });
    expect(stored.length).toBeGreaterThanOrEqual(3);
    expect(listed.map((bulk) => bulk.id)).toEqual(stored.map((bulk) => bulk._id.toHexString()));
    for (const [index, bulk] of listed.entries()) {
      expect(bulk).not.toHaveProperty('pairs');
      const one = await as(acme.admin).get(`/api/v1/merges/bulk/${bulk.id}`);
      const { pairs: _pairs, nextCursor: _next, ...summary } = one.body;
      expect({ index, bulk }).toEqual({ index, bulk: summary });
    }
    expect(listed.find((bulk) => bulk.idempotencyKey === 'dedup-1')?.progress).toMatchObject({ total: 1_000 });

    const theirs = await as(globex.admin).get('/api/v1/merges/bulk');
    expect(theirs.body.items.map((bulk: { idempotencyKey: string }) => bulk.idempotencyKey)).toEqual(['from-the-crm']);
    expect((await as(acme.agent).get('/api/v1/merges/bulk')).status).toBe(403);
    expect((await as(acme.admin).get('/api/v1/merges/bulk?cursor=nope')).body.code).toBe('invalid_cursor');
  });

  it('is documented in OpenAPI', async () => {
    const { paths } = (await request(api.url).get('/api/docs-json')).body;
    expect(paths['/api/v1/merges/bulk'].get.responses).toHaveProperty('200');
    expect(Object.keys(paths['/api/v1/merges/bulk'].post.responses)).toEqual(
      expect.arrayContaining(['202', '400', '403', '413']),
    );
    expect(paths['/api/v1/merges/bulk/{id}'].get.responses).toHaveProperty('200');
  });

  it('refuses no pairs and more than 10,000 with 400, and a body over the limit with 413', async () => {
    const pair = { survivorId: new Types.ObjectId().toHexString(), victimId: new Types.ObjectId().toHexString() };
    const cases: [object, number, string | undefined][] = [
      [{ idempotencyKey: 'k', pairs: [] }, 400, 'validation_failed'],
      [{ pairs: [pair] }, 400, 'validation_failed'],
      [{ idempotencyKey: 'k', pairs: [{ ...pair, victimId: 'nope' }] }, 400, 'validation_failed'],
      [{ idempotencyKey: 'k', pairs: Array.from({ length: 10_001 }, () => pair) }, 400, 'validation_failed'],
      [{ idempotencyKey: 'k', pairs: Array.from({ length: 15_000 }, () => pair) }, 413, undefined],
    ];
    for (const [body, status, code] of cases) {
      const response = await as(acme.admin).post('/api/v1/merges/bulk', body);
      expect(response.status).toBe(status);
      if (code) expect(response.body.code).toBe(code);
    }
    expect(await api.app.get<Queue>(getQueueToken(QUEUES.bulkMerges)).getJobCounts()).toMatchObject({ waiting: 0 });
  });
});
