import type { INestApplicationContext } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bullmq';
import { QueueEvents, type Queue } from 'bullmq';
import request from 'supertest';
import { DEFAULT_IDENTITY_SETTINGS, type EnforceUniqueBy } from '@app/domain';
import type { ContactDatum, Role } from '@app/persistence';
import { MergesProducer, QUEUES } from '@app/queue';
import {
  createConnectorChannel,
  createTenantWithUsers,
  RecordingConsole,
  seedCustomer,
  signInAll,
  startApiInProcess,
  startWorkerModules,
  type InProcessApi,
  type RestClient,
  type TestUser,
} from '@app/testing';
import { IdentityJobsModule } from './identity-jobs.module.js';

let api: InProcessApi;
let worker: INestApplicationContext;
let as: (user: TestUser) => RestClient;
let mergeEvents: QueueEvents;
let suggestionEvents: QueueEvents;
let serial = 0;

/**
 * Uniqueness enforcement (DOMAIN §6) over HTTP, with the worker's journals running in this process: an edit or an
 * identify call that makes a customer share the enforced value merges the newer into the original.
 */
beforeAll(async () => {
  api = await startApiInProcess();
  await api.app.get<Queue>(getQueueToken(QUEUES.merges)).obliterate({ force: true });
  await api.app.get<Queue>(getQueueToken(QUEUES.suggestions)).obliterate({ force: true });
  worker = await startWorkerModules(api.env, [IdentityJobsModule]);
  mergeEvents = new QueueEvents(QUEUES.merges, { connection: { url: api.env.REDIS_URL } });
  suggestionEvents = new QueueEvents(QUEUES.suggestions, { connection: { url: api.env.REDIS_URL } });
  await Promise.all([mergeEvents.waitUntilReady(), suggestionEvents.waitUntilReady()]);
});

afterAll(async () => {
  await Promise.all([mergeEvents?.close(), suggestionEvents?.close()]);
  await worker?.close();
  await api?.app.get<Queue>(getQueueToken(QUEUES.merges)).obliterate({ force: true });
  await api?.close();
});

interface Tenant {
  users: Record<Role, TestUser>;
  key: string;
}

/** A tenant of its own per test, with a loyalty card never merged when different, and a connector key. */
async function tenant(enforceUniqueBy: EnforceUniqueBy): Promise<Tenant> {
  const users = await createTenantWithUsers(api.app, `Uniq${++serial}`);
  as = await signInAll(api.url, [users.agent, users.supervisor, users.admin]);
  await saveSettings(users.admin, enforceUniqueBy);
  const { key } = await createConnectorChannel(as(users.admin), 'api');
  return { users, key };
}

async function saveSettings(admin: TestUser, enforceUniqueBy: EnforceUniqueBy) {
  const saved = await as(admin).put('/api/v1/settings/identity', {
    ...DEFAULT_IDENTITY_SETTINGS,
    uniqueIdentifierTypes: [{ type: 'loyaltyCard', doNotMergeDifferent: true }],
    enforceUniqueBy,
  });
  expect(saved.status).toBe(200);
}

const email = (value: string): ContactDatum => ({ type: 'email', value, display: value, grantsAccess: false });

function customer(t: Tenant, name: string, createdAt: string, seed: Parameters<typeof seedCustomer>[2] = {}) {
  return seedCustomer(api.app, t.users.admin.tenantId, { name, createdAt: new Date(createdAt), ...seed });
}

const withKey = (t: Tenant) => ({
  put: (path: string, body: object) => request(api.url).put(path).set('Authorization', `Bearer ${t.key}`).send(body),
  post: (path: string, body: object) => request(api.url).post(path).set('Authorization', `Bearer ${t.key}`).send(body),
});

async function mergeFinished(mergeId: string) {
  expect(await worker.get(MergesProducer).waitFor(mergeId, 30_000)).toBe(true);
}

async function assetsOf(t: Tenant, customerId: string) {
  const response = await as(t.users.agent).get(`/api/v1/customers/${customerId}/assets`);
  expect(response.status).toBe(200);
  return response.body;
}

/** Whether the customer is active (200) or a tombstone (308 to its survivor). */
async function statusOf(t: Tenant, customerId: string) {
  return (await as(t.users.agent).get(`/api/v1/customers/${customerId}`)).status;
}

it('merges nobody when the setting is switched on, even after every customer was checked again', async () => {
  const t = await tenant('off');
  const ann = await customer(t, 'Ann', '2025-01-01T00:00:00Z', { contactData: [email('ann@dup.example')] });
  const copy = await customer(t, 'Ann copy', '2026-01-01T00:00:00Z', { contactData: [email('ann@dup.example')] });

  await saveSettings(t.users.admin, 'email');
  const { settingsVersion } = (await as(t.users.admin).get('/api/v1/settings/identity/backfill')).body;
  const backfill = await api.app
    .get<Queue>(getQueueToken(QUEUES.suggestions))
    .getJob(`backfill-${t.users.admin.tenantId}-v${settingsVersion as number}`);
  expect(backfill).toBeDefined();
  await backfill!.waitUntilFinished(suggestionEvents, 60_000);

  expect(await statusOf(t, ann)).toBe(200);
  expect(await statusOf(t, copy)).toBe(200);
  const merges = await as(t.users.supervisor).get('/api/v1/audit?type=customer.merged');
  expect(merges.status).toBe(200);
  expect(merges.body.items).toEqual([]);
  // An edit that adds nothing the setting enforces merges nobody either.
  const renamed = await as(t.users.agent).patch(`/api/v1/customers/${copy}`, { name: 'Ann C.' });
  expect(renamed.status).toBe(200);
  expect(renamed.body.uniqueness).toBeUndefined();
  expect(await statusOf(t, copy)).toBe(200);
});

it('merges the newer customer into the original when an edit gives it the original’s email, its assets usable there, and the undo gives them back', async () => {
  const t = await tenant('email');
  const ann = await customer(t, 'Ann', '2025-01-01T00:00:00Z', { contactData: [email('ann@shop.example')] });
  const newer = await customer(t, 'Ann (new card)', '2026-01-01T00:00:00Z');
  const key = withKey(t);
  const base = (id: string) => `/api/v1/customers/${id}/assets`;
  expect(
    (await key.put(`${base(ann)}/loyalty`, { points: 100, tier: 'silver', tierRank: 2, tierProgress: 0 })).status,
  ).toBe(200);
  expect(
    (await key.put(`${base(newer)}/loyalty`, { points: 40, tier: 'gold', tierRank: 3, tierProgress: 0 })).status,
  ).toBe(200);
  for (const [kind, number, balance] of [
    ['gift-cards', 'GC-NEW', 25],
    ['reward-cards', 'RC-NEW', 3],
    ['house-accounts', 'HA-NEW', -80],
  ] as const) {
    expect((await key.put(`${base(newer)}/${kind}/${number}`, { balance, status: 'active' })).status).toBe(200);
  }
  const newerBefore = await assetsOf(t, newer);
  const live = await RecordingConsole.connect(api.url, as(t.users.agent).token);

  const edit = await as(t.users.agent).patch(`/api/v1/customers/${newer}`, {
    addContactData: [{ type: 'email', value: 'Ann@Shop.example' }],
  });
  expect(edit.status).toBe(200);
  expect(edit.body.uniqueness).toEqual({
    action: 'merged',
    mergeId: expect.any(String),
    survivorId: ann,
    victimIds: [newer],
    finished: expect.any(Boolean),
  });
  await mergeFinished(edit.body.uniqueness.mergeId);
  expect(await live.next('customer.merged')).toMatchObject({
    mergeId: edit.body.uniqueness.mergeId,
    survivorId: ann,
    victimIds: [newer],
  });
  live.close();
  const merge = await as(t.users.agent).get(`/api/v1/merges/${edit.body.uniqueness.mergeId as string}`);
  expect(merge.body).toMatchObject({ trigger: 'uniqueness', status: 'done', survivorId: ann, victimIds: [newer] });
  expect(await statusOf(t, newer)).toBe(308);

  // Everything of the newer is on the original, and usable there; the points add up.
  const merged = await assetsOf(t, ann);
  expect(merged.loyalty).toMatchObject({ points: 140, tier: 'gold', tierRank: 3 });
  expect(merged.giftCards).toEqual([{ number: 'GC-NEW', balance: 25, status: 'active' }]);
  expect(merged.rewardCards).toEqual([{ number: 'RC-NEW', balance: 3, status: 'active' }]);
  expect(merged.houseAccounts).toEqual([{ number: 'HA-NEW', balance: -80, status: 'active' }]);
  const spent = await key.put(`${base(ann)}/gift-cards/GC-NEW`, { balance: 5, status: 'active' });
  expect(spent.status).toBe(200);
  expect((await assetsOf(t, ann)).giftCards).toEqual([{ number: 'GC-NEW', balance: 5, status: 'active' }]);
  const audit = await as(t.users.supervisor).get(`/api/v1/audit?type=customer.merged`);
  expect(audit.body.items).toEqual([
    expect.objectContaining({ trigger: { kind: 'uniqueness' }, actor: expect.objectContaining({ kind: 'user' }) }),
  ]);

  const undo = await as(t.users.supervisor).post(`/api/v1/merges/${edit.body.uniqueness.mergeId as string}/undo`);
  expect(undo.status).toBe(202);
  const job = await api.app.get<Queue>(getQueueToken(QUEUES.merges)).getJob(`undo-${undo.body.id as string}`);
  if (job) await job.waitUntilFinished(mergeEvents, 30_000);
  const undone = await as(t.users.supervisor).get(`/api/v1/merges/${edit.body.uniqueness.mergeId as string}/undo`);
  expect(undone.body.status).toBe('done');
  expect(await statusOf(t, newer)).toBe(200);
  expect(await assetsOf(t, newer)).toEqual({
    ...newerBefore,
    giftCards: [{ number: 'GC-NEW', balance: 5, status: 'active' }],
  });
  expect((await assetsOf(t, ann)).loyalty).toMatchObject({ points: 100, tier: 'silver' });
  expect((await assetsOf(t, ann)).giftCards).toEqual([]);

  // The undo separated them: a later edit of the one given back does not merge them again, and says why.
  const later = await as(t.users.agent).patch(`/api/v1/customers/${newer}`, {
    addContactData: [{ type: 'phone', value: '+1 415 555 0199' }],
  });
  expect(later.status).toBe(200);
  expect(later.body.uniqueness).toMatchObject({
    action: 'refused',
    code: 'customers_separated',
    separatedPairs: [[ann, newer].sort().join(':')],
    customerIds: [ann, newer],
  });
  expect(await statusOf(t, newer)).toBe(200);
});

it('reports a guard’s refusal with its explanation, audits it, and merges nothing', async () => {
  const t = await tenant('referenceCode');
  const ann = await customer(t, 'Ann', '2025-01-01T00:00:00Z', {
    uniqueIdentifiers: [
      { type: 'referenceCode', value: 'REF-1' },
      { type: 'loyaltyCard', value: '1111' },
    ],
  });
  const bob = await customer(t, 'Bob', '2026-01-01T00:00:00Z', {
    uniqueIdentifiers: [{ type: 'loyaltyCard', value: '2222' }],
  });

  const live = await RecordingConsole.connect(api.url, as(t.users.agent).token);
  const edit = await as(t.users.agent).patch(`/api/v1/customers/${bob}`, {
    addUniqueIdentifiers: [{ type: 'referenceCode', value: 'REF-1' }],
  });
  expect(edit.status).toBe(200);
  expect(edit.body.uniqueness).toEqual({
    action: 'refused',
    code: 'merge_blocked',
    detail: 'The customers sharing REF-1 were not merged: they hold different loyaltyCard values (1111 and 2222)',
    survivorId: ann,
    customerIds: [ann, bob],
    blocks: [
      {
        victimId: bob,
        blocks: [
          expect.objectContaining({
            code: 'different_unique_identifiers',
            identifierType: 'loyaltyCard',
            remedies: expect.any(Array),
          }),
        ],
      },
    ],
  });
  expect(await live.next('uniqueness.refused')).toMatchObject({
    customerId: bob,
    customerIds: [ann, bob],
    code: 'merge_blocked',
    blocks: edit.body.uniqueness.blocks,
  });
  live.close();
  expect(await statusOf(t, ann)).toBe(200);
  expect(await statusOf(t, bob)).toBe(200);
  const trail = await as(t.users.supervisor).get('/api/v1/audit?type=uniqueness.refused');
  expect(trail.status).toBe(200);
  expect(trail.body.items).toEqual([
    expect.objectContaining({
      type: 'uniqueness.refused',
      trigger: { kind: 'uniqueness', id: bob },
      after: expect.objectContaining({ code: 'merge_blocked', values: ['REF-1'], survivorId: ann }),
    }),
  ]);
  expect((await as(t.users.supervisor).get('/api/v1/audit?type=customer.merged')).body.items).toEqual([]);
});

it('merges by phone the duplicate an identify call updates, with the connector key as the actor', async () => {
  const t = await tenant('phone');
  const phone = { type: 'phone' as const, value: '+14155550111', display: '+1 415 555 0111', grantsAccess: false };
  const original = await customer(t, 'Carla', '2025-01-01T00:00:00Z', { contactData: [phone] });
  const older = await customer(t, 'Carla (import)', '2024-06-01T00:00:00Z', {
    contactData: [{ ...phone, value: '+14155550112' }],
  });
  // Held twice since before the setting: an identify call updating one of them merges them.
  const copy = await customer(t, 'Carla copy', '2026-01-01T00:00:00Z', { contactData: [phone] });

  const called = await withKey(t).post('/api/v1/customers/identify', {
    requestId: 'pos-1',
    phone: '+1 415 555 0111',
    email: 'carla@shop.example',
  });
  expect(called.status).toBe(200);
  expect(called.body.customer.id).toBe(original);
  expect(called.body.uniqueness).toMatchObject({ action: 'merged', survivorId: original, victimIds: [copy] });
  await mergeFinished(called.body.uniqueness.mergeId);
  expect(await statusOf(t, copy)).toBe(308);
  expect(await statusOf(t, older)).toBe(200);
  const audit = await as(t.users.supervisor).get('/api/v1/audit?type=customer.merged');
  expect(audit.body.items).toEqual([
    expect.objectContaining({
      actor: { kind: 'connector', keyId: expect.any(String) },
      trigger: { kind: 'uniqueness' },
    }),
  ]);
  // A replay answers the same, merging nothing twice.
  const replay = await withKey(t).post('/api/v1/customers/identify', {
    requestId: 'pos-1',
    phone: '+1 415 555 0111',
    email: 'carla@shop.example',
  });
  expect(replay.body).toEqual(called.body);
});

it('leaves one customer when two identify calls create the same new customer at once', async () => {
  const t = await tenant('email');
  const calls = await Promise.all(
    ['web-1', 'web-2'].map((requestId) =>
      withKey(t).post('/api/v1/customers/identify', { requestId, email: 'dana@shop.example', name: 'Dana' }),
    ),
  );
  for (const call of calls) expect([200, 201]).toContain(call.status);
  for (const call of calls) {
    if (call.body.uniqueness?.action === 'merged') await mergeFinished(call.body.uniqueness.mergeId);
  }
  const found = await as(t.users.agent).get('/api/v1/customers?q=dana@shop.example');
  expect(found.body.items).toHaveLength(1);
});
