import type { INestApplicationContext } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { Types } from 'mongoose';
import { CustomerRepository, IdentityRepository, type Role } from '@app/persistence';
import { DetachesProducer, MergesProducer, QUEUES } from '@app/queue';
import {
  createConnectorChannel,
  createTenantWithUsers,
  signInAll,
  startApiInProcess,
  startIdentityJobs,
  type InProcessApi,
  type RestClient,
  type TestUser,
} from '@app/testing';

/**
 * GET /api/v1/customers/:id/lineage against the real database, with merges and detaches run by the worker's
 * processors in this process: what an agent's identity graph is drawn from.
 */
let api: InProcessApi;
let worker: INestApplicationContext;
let acme: Record<Role, TestUser>;
let globex: Record<Role, TestUser>;
let as: (user: TestUser) => RestClient;
let channelId: string;
const QUEUE_NAMES = [QUEUES.merges, QUEUES.suggestions];

/** A customer with one connector identity per address, stored as the worker stores them; answers its id. */
async function seedCustomer(tenantId: string, name: string, addresses: string[]): Promise<string> {
  const id = new Types.ObjectId();
  await api.app.get(CustomerRepository).recordActivity(tenantId, id, new Date('2026-03-01T10:00:00Z'), { name });
  for (const address of addresses) {
    await api.app.get(IdentityRepository).insertOrGet({
      tenantId,
      customerId: id,
      key: `api:${address}`,
      kind: 'api',
      channelId: new Types.ObjectId(channelId),
      anonymous: false,
      identifierType: 'email',
      address,
      displayAddress: address,
    });
  }
  return id.toHexString();
}

async function finished(response: { status: number; body: { id: string } }, producer: 'merge' | 'detach') {
  expect([200, 202]).toContain(response.status);
  const jobs = producer === 'merge' ? worker.get(MergesProducer) : worker.get(DetachesProducer);
  expect(await jobs.waitFor(response.body.id, 20_000)).toBe(true);
  return response.body;
}

const lineageOf = (user: TestUser, customerId: string) => as(user).get(`/api/v1/customers/${customerId}/lineage`);

beforeAll(async () => {
  api = await startApiInProcess();
  await Promise.all(QUEUE_NAMES.map((name) => api.app.get<Queue>(getQueueToken(name)).obliterate({ force: true })));
  worker = await startIdentityJobs(api.env);
  acme = await createTenantWithUsers(api.app, 'Acme');
  globex = await createTenantWithUsers(api.app, 'Globex');
  as = await signInAll(api.url, [acme.agent, acme.supervisor, acme.admin, globex.agent]);
  channelId = (await createConnectorChannel(as(acme.admin), 'api')).id;
});

afterAll(async () => {
  await worker?.close();
  await Promise.all(QUEUE_NAMES.map((name) => api?.app.get<Queue>(getQueueToken(name)).obliterate({ force: true })));
  await api?.close();
});

describe('GET /api/v1/customers/:id/lineage', () => {
  let ann: string;
  let annie: string;
  let split: string;
  let mergeId: string;
  let detachId: string;

  beforeAll(async () => {
    const tenantId = acme.agent.tenantId;
    ann = await seedCustomer(tenantId, 'Ann Lee', ['ann@example.com']);
    annie = await seedCustomer(tenantId, 'Annie', ['annie@example.com', 'annie.l@example.com']);
    mergeId = (
      await finished(await as(acme.agent).post('/api/v1/merges', { survivorId: ann, victimIds: [annie] }), 'merge')
    ).id;
    const profile = await as(acme.agent).get(`/api/v1/customers/${ann}`);
    const leaving = profile.body.identities.find(
      (identity: { address: string }) => identity.address === 'annie.l@example.com',
    );
    const detach = await as(acme.supervisor).post(`/api/v1/customers/${ann}/identities/${leaving.id}/detach`, {
      reason: 'Her sister’s address',
    });
    detachId = (await finished(detach, 'detach')).id;
    split = (await as(acme.agent).get(`/api/v1/detaches/${detachId}`)).body.toCustomerId;
  });

  it('answers an agent the merged-in profile and the detached one, newest first, with who did it and when', async () => {
    const response = await lineageOf(acme.agent, ann);

    expect(response.status).toBe(200);
    expect(response.body.customerId).toBe(ann);
    expect(response.body.channels).toEqual([{ id: channelId, kind: 'api', name: 'api connector' }]);
    const [detached, merged] = response.body.entries;
    expect(response.body.entries).toHaveLength(2);
    expect(merged).toMatchObject({
      relation: 'merged_in',
      operationId: mergeId,
      profile: { id: annie, name: 'Annie', mergedInto: ann },
      actor: { id: acme.agent.id, name: 'Acme agent' },
      reason: null,
      undoneAt: null,
    });
    expect(merged.identities.map((identity: { displayAddress: string }) => identity.displayAddress).sort()).toEqual([
      'annie.l@example.com',
      'annie@example.com',
    ]);
    expect(
      merged.identities.find((identity: { displayAddress: string }) => identity.displayAddress === 'annie@example.com')
        .customerId,
    ).toBe(ann);
    expect(detached).toMatchObject({
      relation: 'detached',
      operationId: detachId,
      profile: { id: split, mergedInto: null },
      identities: [{ kind: 'api', displayAddress: 'annie.l@example.com', anonymous: false, customerId: split }],
      actor: { id: acme.supervisor.id, name: 'Acme supervisor' },
      reason: 'Her sister’s address',
      undoneAt: null,
    });
    expect(Date.parse(detached.at)).toBeGreaterThanOrEqual(Date.parse(merged.at));
  });

  it('answers the detached customer where it came from', async () => {
    const response = await lineageOf(acme.agent, split);

    expect(response.status).toBe(200);
    expect(response.body.entries).toEqual([
      expect.objectContaining({
        relation: 'detached_from',
        operationId: detachId,
        profile: { id: ann, name: 'Ann Lee', mergedInto: null },
      }),
    ]);
  });

  it('redirects a merged-away profile to its survivor’s lineage', async () => {
    const response = await lineageOf(acme.agent, annie);

    expect(response.status).toBe(308);
    expect(response.headers.location).toBe(`/api/v1/customers/${ann}/lineage`);
    expect(response.body).toMatchObject({ code: 'customer_merged', survivorId: ann });
  });

  it('shows an undone detach as undone, not as a new entry', async () => {
    const undo = await as(acme.supervisor).post(`/api/v1/detaches/${detachId}/undo`);
    await finished(undo, 'detach');

    const entries = (await lineageOf(acme.agent, ann)).body.entries;

    expect(entries.map((entry: { relation: string }) => entry.relation)).toEqual(['detached', 'merged_in']);
    expect(entries[0].undoneAt).toEqual(expect.any(String));
    expect(entries[0].profile).toEqual(expect.objectContaining({ id: split, mergedInto: ann }));
  });

  it('finds nothing of another tenant, and nothing for an unknown id', async () => {
    expect((await lineageOf(globex.agent, ann)).status).toBe(404);
    expect((await lineageOf(globex.agent, ann)).body.code).toBe('not_found');
    expect((await lineageOf(acme.agent, new Types.ObjectId().toHexString())).status).toBe(404);
  });

  it('answers a customer never merged nor split with no entries', async () => {
    const alone = await seedCustomer(acme.agent.tenantId, 'Bob Stone', ['bob@example.com']);

    const response = await lineageOf(acme.agent, alone);

    expect(response.status).toBe(200);
    expect(response.body.entries).toEqual([]);
  });
});
