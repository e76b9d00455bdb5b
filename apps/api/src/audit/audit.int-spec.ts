import type { INestApplicationContext } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { Types } from 'mongoose';
import request from 'supertest';
import type { InboundMessage } from '@app/channels';
import { pairKey } from '@app/domain';
import { IdentityResolverService, MergeExecutorService } from '@app/identity';
import {
  AuditRepository,
  CustomerRepository,
  MergeRepository,
  SuggestionRepository,
  type ContactDatum,
  type Role,
} from '@app/persistence';
import { MergesProducer, QUEUES } from '@app/queue';
import {
  createTenantWithUsers,
  signInAll,
  startApiInProcess,
  startIdentityJobs,
  type InProcessApi,
  type RestClient,
  type TestUser,
} from '@app/testing';

let api: InProcessApi;
let worker: INestApplicationContext;
let acme: Record<Role, TestUser>;
let globex: Record<Role, TestUser>;
let as: (user: TestUser) => RestClient;

const queues = () => [QUEUES.merges, QUEUES.suggestions].map((name) => api.app.get<Queue>(getQueueToken(name)));

async function seedCustomer(tenantId: string, name: string, contactData: ContactDatum[] = []): Promise<string> {
  const id = new Types.ObjectId();
  const customers = api.app.get(CustomerRepository);
  await customers.recordActivity(tenantId, id, new Date('2026-01-01T10:00:00Z'), { name });
  await customers.updateOne({ tenantId, _id: id }, { $set: { contactData } });
  return id.toHexString();
}

async function seedSuggestion(tenantId: string, from: string, other: string): Promise<string> {
  const key = pairKey(from, other);
  const created = await api.app.get(SuggestionRepository).insertUnlessPaired({
    tenantId,
    pairKey: key,
    customerIds: key.split(':').map((id) => new Types.ObjectId(id)),
    openedFrom: new Types.ObjectId(from),
    status: 'open',
    evidence: [{ rule: 'same_contact_phone', values: ['+15550100000', '+15550100000'], score: 0.8 }],
    score: 0.8,
    seenRules: ['same_contact_phone'],
    blocks: [],
    history: [{ at: new Date(), status: 'open', by: 'worker' }],
  });
  if (!created) throw new Error('the pair already has a suggestion');
  return created._id.toHexString();
}

/** The merge once the worker finished it: a 202 is followed through the merge's job, never by sleeping. */
async function finishedMergeId(response: request.Response): Promise<string> {
  expect([200, 202]).toContain(response.status);
  const id = (response.body.merge?.id ?? response.body.id) as string;
  if (response.status === 202) expect(await worker.get(MergesProducer).waitFor(id, 20_000)).toBe(true);
  return id;
}

const message = (channelKind: 'whatsapp' | 'sms', address: string, externalId: string): InboundMessage => ({
  type: 'message',
  channelKind,
  externalId,
  from: { address },
  attachments: [],
  messageType: 'text',
  text: 'hello',
  sentAt: new Date().toISOString(),
});

async function auditOf(user: TestUser, customerId: string): Promise<Record<string, unknown>[]> {
  const response = await as(user).get(`/api/v1/customers/${customerId}/audit`);
  expect(response.status).toBe(200);
  return response.body.items;
}

beforeAll(async () => {
  api = await startApiInProcess();
  // Jobs another test file of this Jest worker left in the shared Redis database.
  await Promise.all(queues().map((queue) => queue.obliterate({ force: true })));
  worker = await startIdentityJobs(api.env);
  acme = await createTenantWithUsers(api.app, 'Acme');
  globex = await createTenantWithUsers(api.app, 'Globex');
  as = await signInAll(api.url, [...Object.values(acme), globex.supervisor]);
});

afterAll(async () => {
  await worker?.close();
  if (api) await Promise.all(queues().map((queue) => queue.obliterate({ force: true })));
  await api?.close();
});

describe('what the audit trail records', () => {
  it('a customer edit: the agent, and only the changed fields as they were and became', async () => {
    const tenantId = acme.agent.tenantId;
    const id = await seedCustomer(tenantId, 'Ann', [{ type: 'email', value: 'ann@example.com', grantsAccess: false }]);

    const edited = await as(acme.agent).patch(`/api/v1/customers/${id}`, {
      name: 'Ann Lee',
      addContactData: [{ type: 'phone', value: '+1 555 010 7001' }],
    });
    expect(edited.status).toBe(200);

    expect(await auditOf(acme.supervisor, id)).toEqual([
      {
        id: expect.any(String),
        type: 'customer.updated',
        actor: { kind: 'user', id: acme.agent.id, role: 'agent' },
        trigger: { kind: 'request' },
        customerIds: [id],
        before: {
          name: 'Ann',
          contactData: [{ type: 'email', value: 'ann@example.com', grantsAccess: false }],
        },
        after: {
          name: 'Ann Lee',
          contactData: [
            { type: 'email', value: 'ann@example.com', grantsAccess: false },
            { type: 'phone', value: '+15550107001', display: '+1 555 010 7001', grantsAccess: false },
          ],
        },
        at: expect.any(String),
      },
    ]);
  });

  it('an edit that changes nothing records nothing', async () => {
    const id = await seedCustomer(acme.agent.tenantId, 'Bo');
    expect((await as(acme.agent).patch(`/api/v1/customers/${id}`, { name: 'Bo' })).status).toBe(200);
    expect(await auditOf(acme.supervisor, id)).toEqual([]);
  });

  it('a manual merge, with the user who started it and both customers as they were', async () => {
    const tenantId = acme.agent.tenantId;
    const survivor = await seedCustomer(tenantId, 'Cy');
    const victim = await seedCustomer(tenantId, 'Cyrus', [
      { type: 'phone', value: '+15550107002', grantsAccess: false },
    ]);

    const mergeId = await finishedMergeId(
      await as(acme.agent).post('/api/v1/merges', { survivorId: survivor, victimIds: [victim] }),
    );

    const record = {
      id: expect.any(String),
      type: 'customer.merged',
      actor: { kind: 'user', id: acme.agent.id, role: 'agent' },
      trigger: { kind: 'request' },
      customerIds: [survivor, victim],
      before: {
        customers: [
          expect.objectContaining({ id: survivor, name: 'Cy' }),
          expect.objectContaining({ id: victim, name: 'Cyrus' }),
        ],
      },
      after: expect.objectContaining({
        mergeId,
        survivorId: survivor,
        victimIds: [victim],
        fields: expect.objectContaining({ name: 'Cy' }),
      }),
      at: expect.any(String),
    };
    expect(await auditOf(acme.supervisor, survivor)).toEqual([record]);
    // The merged-away customer keeps its history: no redirect to the survivor here.
    expect(await auditOf(acme.supervisor, victim)).toEqual([record]);
  });

  it('a merge resumed after the worker died between its record and its end is recorded once', async () => {
    const tenantId = acme.agent.tenantId;
    const survivor = await seedCustomer(tenantId, 'Di');
    const victim = await seedCustomer(tenantId, 'Diane');
    const mergeId = await finishedMergeId(
      await as(acme.agent).post('/api/v1/merges', { survivorId: survivor, victimIds: [victim] }),
    );
    // The journal as a worker that died after recording would leave it: running, its last step not done.
    await api.app
      .get(MergeRepository)
      .updateOne(
        { tenantId, _id: new Types.ObjectId(mergeId) },
        { $set: { status: 'running' }, $pull: { completedSteps: 'release-locks' } },
      );

    expect(await worker.get(MergeExecutorService).execute(tenantId, mergeId)).toBe('done');

    const records = await auditOf(acme.supervisor, survivor);
    expect(records.map((record) => record.type)).toEqual(['customer.merged']);
  });

  it('a suggestion accepted, then its merge; a suggestion rejected with its reason', async () => {
    const tenantId = acme.agent.tenantId;
    const from = await seedCustomer(tenantId, 'Eve');
    const other = await seedCustomer(tenantId, 'Eva');
    const accepted = await seedSuggestion(tenantId, from, other);
    const mergeId = await finishedMergeId(await as(acme.agent).post(`/api/v1/suggestions/${accepted}/accept`, {}));

    const records = await auditOf(acme.supervisor, from);
    expect(records.map((record) => record.type).sort()).toEqual(['customer.merged', 'suggestion.accepted']);
    expect(records.find((record) => record.type === 'suggestion.accepted')).toMatchObject({
      actor: { kind: 'user', id: acme.agent.id, role: 'agent' },
      trigger: { kind: 'request' },
      customerIds: expect.arrayContaining([from, other]),
      before: { suggestionId: accepted, status: 'open' },
      after: { suggestionId: accepted, status: 'accepted', mergeId, survivorId: from, victimIds: [other] },
    });
    expect(records.find((record) => record.type === 'customer.merged')).toMatchObject({
      actor: { kind: 'user', id: acme.agent.id, role: 'agent' },
      trigger: { kind: 'suggestion', id: accepted },
    });

    const third = await seedCustomer(tenantId, 'Evan');
    const rejected = await seedSuggestion(tenantId, third, from);
    const response = await as(acme.supervisor).post(`/api/v1/suggestions/${rejected}/reject`, { reason: 'twins' });
    expect(response.status).toBe(200);
    expect((await auditOf(acme.supervisor, third))[0]).toMatchObject({
      type: 'suggestion.rejected',
      actor: { kind: 'user', id: acme.supervisor.id, role: 'supervisor' },
      before: { suggestionId: rejected, status: 'open' },
      after: { suggestionId: rejected, status: 'rejected', reason: 'twins' },
    });
  });

  it('the automatic join of a new identity to the customer holding its identifier, by the system rule', async () => {
    const tenantId = acme.agent.tenantId;
    const resolver = api.app.get(IdentityResolverService);
    const channelId = new Types.ObjectId().toHexString();
    const first = await resolver.resolve(tenantId, channelId, message('whatsapp', '15550107003', 'wamid.first'));
    await api.app.get(CustomerRepository).recordActivity(tenantId, first.customerId, new Date(), {});
    const customerId = first.customerId.toHexString();
    expect(await auditOf(acme.supervisor, customerId)).toEqual([]);

    const joined = await resolver.resolve(tenantId, channelId, message('sms', '+1 555 010 7003', 'SM-second'));
    // Its next message finds the identity: nothing more to record.
    await resolver.resolve(tenantId, channelId, message('sms', '+15550107003', 'SM-third'));
    // Two first messages of one new sender at once (one webhook, one event-loop turn) are a new customer, no join.
    const [one, two] = await Promise.all(
      ['wamid.a', 'wamid.b'].map((id) => resolver.resolve(tenantId, channelId, message('whatsapp', '15550107004', id))),
    );
    expect(one._id.equals(two._id)).toBe(true);
    await api.app.get(CustomerRepository).recordActivity(tenantId, one.customerId, new Date(), {});
    expect(await auditOf(acme.supervisor, one.customerId.toHexString())).toEqual([]);

    expect(joined.customerId.toHexString()).toBe(customerId);
    expect(await auditOf(acme.supervisor, customerId)).toEqual([
      {
        id: expect.any(String),
        type: 'identity.joined',
        actor: { kind: 'system', rule: 'same-identifier' },
        trigger: { kind: 'inbound-message', id: 'SM-second' },
        customerIds: [customerId],
        before: {},
        after: {
          identity: joined.key,
          kind: 'sms',
          channelId,
          identifierType: 'phone',
          address: '+15550107003',
          matchedIdentity: first.key,
        },
        at: expect.any(String),
      },
    ]);
    const bySystem = await as(acme.supervisor).get('/api/v1/audit?actor=system:same-identifier');
    expect(bySystem.body.items.map((record: { id: string }) => record.id)).toEqual([
      (await auditOf(acme.supervisor, customerId))[0].id,
    ]);
  });

  it('a record of the same type and operation is kept once', async () => {
    const audit = api.app.get(AuditRepository);
    const entry = {
      tenantId: acme.agent.tenantId,
      type: 'conversation.moved' as const,
      key: new Types.ObjectId().toHexString(),
      actor: { kind: 'connector' as const, keyId: 'key-1' },
      trigger: { kind: 'request' as const },
      customerIds: [],
    };
    expect(await Promise.all([audit.record(entry), audit.record(entry)])).toEqual([true, false]);
    expect(await audit.record(entry)).toBe(false);
    const listed = await as(acme.supervisor).get('/api/v1/audit?actor=connector:key-1');
    expect(listed.body.items).toHaveLength(1);
    expect(listed.body.items[0]).toMatchObject({ actor: { kind: 'connector', keyId: 'key-1' } });
  });
});

describe('GET /api/v1/audit', () => {
  it('filters by actor, type and time, newest first', async () => {
    const byAgent = await as(acme.admin).get(`/api/v1/audit?actor=user:${acme.agent.id}`);
    expect(byAgent.status).toBe(200);
    expect(byAgent.body.items.length).toBeGreaterThan(0);
    for (const record of byAgent.body.items) expect(record.actor).toMatchObject({ kind: 'user', id: acme.agent.id });
    const bareId = await as(acme.admin).get(`/api/v1/audit?actor=${acme.agent.id}`);
    expect(bareId.body.items).toEqual(byAgent.body.items);

    const merges = await as(acme.supervisor).get('/api/v1/audit?type=customer.merged');
    expect(merges.body.items.length).toBeGreaterThanOrEqual(3);
    for (const record of merges.body.items) expect(record.type).toBe('customer.merged');

    const all = await as(acme.supervisor).get('/api/v1/audit');
    const times = all.body.items.map((record: { at: string }) => record.at);
    expect([...times].sort().reverse()).toEqual(times);
    const since = await as(acme.supervisor).get(`/api/v1/audit?since=${encodeURIComponent(times[1])}`);
    expect(since.body.items.every((record: { at: string }) => record.at >= times[1])).toBe(true);
    const future = await as(acme.supervisor).get('/api/v1/audit?since=2999-01-01T00:00:00Z');
    expect(future.body).toEqual({ items: [], nextCursor: null });
  });

  it('pages through every record once, in the same order as one long page', async () => {
    const whole = await as(acme.supervisor).get('/api/v1/audit?limit=100');
    const expected = whole.body.items.map((record: { id: string }) => record.id);
    expect(expected.length).toBeGreaterThan(4);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `&cursor=${cursor}` : '';
      const page = await as(acme.supervisor).get(`/api/v1/audit?limit=2${query}`);
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items.map((record: { id: string }) => record.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(expected);
  });

  it.each([
    ['an unknown type', 'type=customer.deleted'],
    ['an unknown actor kind', 'actor=robot'],
    ['a time that is none', 'since=yesterday'],
  ])('refuses %s with 400 validation_failed', async (_case, query) => {
    const response = await as(acme.supervisor).get(`/api/v1/audit?${query}`);
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('validation_failed');
  });

  it('refuses a cursor it did not hand out with 400 invalid_cursor', async () => {
    const response = await as(acme.supervisor).get('/api/v1/audit?cursor=bm9wZQ');
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('invalid_cursor');
  });
});

describe('who may read the trail', () => {
  it('shows another tenant’s supervisor nothing: an empty trail, and 404 for our customers', async () => {
    const ours = await as(acme.supervisor).get('/api/v1/audit');
    expect(ours.body.items.length).toBeGreaterThan(0);
    const customerId = ours.body.items[0].customerIds[0] as string;

    expect((await as(globex.supervisor).get('/api/v1/audit')).body).toEqual({ items: [], nextCursor: null });
    const theirs = await as(globex.supervisor).get(`/api/v1/customers/${customerId}/audit`);
    expect(theirs.status).toBe(404);
    expect(theirs.body.code).toBe('not_found');
  });

  it('refuses agents with 403', async () => {
    const customerId = await seedCustomer(acme.agent.tenantId, 'Fay');
    for (const path of ['/api/v1/audit', `/api/v1/customers/${customerId}/audit`]) {
      const response = await as(acme.agent).get(path);
      expect(response.status).toBe(403);
      expect(response.body.code).toBe('forbidden');
    }
  });

  it('answers 404 for an unknown customer', async () => {
    const response = await as(acme.supervisor).get(`/api/v1/customers/${new Types.ObjectId().toHexString()}/audit`);
    expect(response.status).toBe(404);
  });
});

describe('records are append-only', () => {
  it('is documented in OpenAPI with reads only', async () => {
    const { paths } = (await request(api.url).get('/api/docs-json')).body;
    for (const path of ['/api/v1/audit', '/api/v1/customers/{id}/audit']) {
      expect(Object.keys(paths[path])).toEqual(['get']);
      expect(paths[path].get.responses).toHaveProperty('200');
      expect(paths[path].get.responses).toHaveProperty('403');
    }
    expect(paths['/api/v1/audit'].get.parameters.map((parameter: { name: string }) => parameter.name)).toEqual(
      expect.arrayContaining(['actor', 'type', 'since', 'cursor', 'limit']),
    );
  });

  it.each(['put', 'patch', 'delete'] as const)('no route lets even an admin %s them', async (method) => {
    const [record] = (await as(acme.admin).get('/api/v1/audit?limit=1')).body.items;
    const paths = ['/api/v1/audit', `/api/v1/audit/${record.id}`, `/api/v1/customers/${record.customerIds[0]}/audit`];
    for (const path of paths) {
      const client = as(acme.admin);
      const response = method === 'delete' ? await client.delete(path) : await client[method](path, { type: 'x' });
      expect([404, 405]).toContain(response.status);
    }
    const again = (await as(acme.admin).get('/api/v1/audit?limit=1')).body.items[0];
    expect(again).toEqual(record);
  });
});
