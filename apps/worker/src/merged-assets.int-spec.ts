import type { INestApplicationContext } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bullmq';
import { QueueEvents, type Queue } from 'bullmq';
import { Types, type Connection } from 'mongoose';
import { getConnectionToken } from '@nestjs/mongoose';
import request from 'supertest';
import { CustomerAssetRepository, CustomerRepository, IdentityRepository, type Role } from '@app/persistence';
import { DetachesProducer, MergesProducer, QUEUES } from '@app/queue';
import {
  createConnectorChannel,
  createTenantWithUsers,
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
let acme: Record<Role, TestUser>;
let as: (user: TestUser) => RestClient;
let key: string;
let mergeEvents: QueueEvents;
let connection: Connection;

/**
 * Customer assets through a merge and its undo, run by the worker's journals in this process: the merge re-points
 * every record of its victims to the survivor and adds their loyalty standings to the survivor's (DOMAIN §3), and the
 * undo gives each victim back exactly what it brought.
 */
beforeAll(async () => {
  api = await startApiInProcess();
  await api.app.get<Queue>(getQueueToken(QUEUES.merges)).obliterate({ force: true });
  worker = await startWorkerModules(api.env, [IdentityJobsModule]);
  acme = await createTenantWithUsers(api.app, 'Acme');
  as = await signInAll(api.url, [acme.agent, acme.supervisor, acme.admin]);
  key = (await createConnectorChannel(as(acme.admin), 'api')).key;
  mergeEvents = new QueueEvents(QUEUES.merges, { connection: { url: api.env.REDIS_URL } });
  await mergeEvents.waitUntilReady();
  connection = api.app.get<Connection>(getConnectionToken());
});

afterAll(async () => {
  await mergeEvents?.close();
  await worker?.close();
  await api?.app.get<Queue>(getQueueToken(QUEUES.merges)).obliterate({ force: true });
  await api?.close();
});

/** A customer as the worker stores one: with the email identity it wrote from. */
async function seedCustomer(name: string, createdAt: string): Promise<string> {
  const tenantId = acme.agent.tenantId;
  const id = new Types.ObjectId();
  await api.app.get(CustomerRepository).recordActivity(tenantId, id, new Date(createdAt), { name });
  await seedIdentity(id.toHexString(), `${name.toLowerCase()}@assets.example`);
  return id.toHexString();
}

/** One more email identity of the customer. Answers its id. */
async function seedIdentity(customerId: string, address: string): Promise<string> {
  const tenantId = acme.agent.tenantId;
  const id = new Types.ObjectId(customerId);
  const identity = await api.app.get(IdentityRepository).insertOrGet({
    tenantId,
    customerId: id,
    key: `email:${address}`,
    kind: 'email',
    channelId: new Types.ObjectId(),
    anonymous: false,
    identifierType: 'email',
    address,
    displayAddress: address,
  });
  return identity._id.toHexString();
}

const put = (path: string, body: object) => request(api.url).put(path).set('Authorization', `Bearer ${key}`).send(body);
const post = (path: string, body: object) =>
  request(api.url).post(path).set('Authorization', `Bearer ${key}`).send(body);
const assetsOf = async (customerId: string) => {
  const response = await as(acme.agent).get(`/api/v1/customers/${customerId}/assets`);
  expect(response.status).toBe(200);
  return response.body;
};
const purchase = (externalId: string, amount: number) => ({
  externalId,
  amount,
  currency: 'EUR',
  occurredAt: '2026-03-01T09:30:00Z',
});

async function holding(customerId: string, loyalty: object, cards: [string, string, number][], sale: string) {
  const base = `/api/v1/customers/${customerId}/assets`;
  expect((await put(`${base}/loyalty`, loyalty)).status).toBe(200);
  for (const [kind, number, balance] of cards) {
    expect((await put(`${base}/${kind}/${number}`, { balance, status: 'active' })).status).toBe(200);
  }
  expect((await post(`${base}/transactions`, purchase(sale, 10))).status).toBe(201);
}

/** The asset records of these customers as stored: `kind:key` → holder (hex id). */
async function storedHolders(customerIds: string[]): Promise<Record<string, string>> {
  const records = await connection
    .collection('customer_assets')
    .find({ customerId: { $in: customerIds.map((id) => new Types.ObjectId(id)) } })
    .toArray();
  return Object.fromEntries(
    records.map((record) => [`${record.kind as string}:${record.key as string}`, String(record.customerId)]),
  );
}

async function mergeDone(survivorId: string, victimIds: string[]): Promise<string> {
  const merge = await as(acme.supervisor).post('/api/v1/merges', { survivorId, victimIds });
  expect([200, 202]).toContain(merge.status);
  expect(await worker.get(MergesProducer).waitFor(merge.body.id, 20_000)).toBe(true);
  return merge.body.id as string;
}

async function undoDone(mergeId: string): Promise<void> {
  const undo = await as(acme.supervisor).post(`/api/v1/merges/${mergeId}/undo`);
  expect(undo.status).toBe(202);
  const job = await api.app.get<Queue>(getQueueToken(QUEUES.merges)).getJob(`undo-${undo.body.id as string}`);
  if (job) await job.waitUntilFinished(mergeEvents, 20_000);
  expect((await as(acme.supervisor).get(`/api/v1/merges/${mergeId}/undo`)).body.status).toBe('done');
}

it('re-points the victim’s cards, house account and transactions to the survivor, adds up its points, and gives them back on undo', async () => {
  const ann = await seedCustomer('Ann', '2025-01-01T00:00:00Z');
  const victor = await seedCustomer('Victor', '2026-01-01T00:00:00Z');
  await holding(
    ann,
    { points: 100, tier: 'silver', tierRank: 2, tierProgress: 40 },
    [['gift-cards', 'GC-ANN', 5]],
    'sale-ann',
  );
  await holding(
    victor,
    { points: 50, tier: 'gold', tierRank: 3, tierProgress: 10 },
    [
      ['gift-cards', 'GC-VIC', 25],
      ['reward-cards', 'RC-VIC', 3],
      ['house-accounts', 'HA-VIC', -120],
    ],
    'sale-vic',
  );
  const victorBefore = await assetsOf(victor);
  const storedBefore = await storedHolders([ann, victor]);

  const preview = await as(acme.agent).get(`/api/v1/customers/${ann}/assets/merge-preview?victimId=${victor}`);
  expect(preview.status).toBe(200);
  expect(preview.body.moving).toEqual(victorBefore);
  expect(preview.body.after).toMatchObject({
    customerId: ann,
    loyalty: { points: 150, tier: 'gold', tierRank: 3, tierProgress: 50 },
    houseAccounts: [{ number: 'HA-VIC', balance: -120, status: 'active' }],
  });
  expect(preview.body.after.giftCards.map((card: { number: string }) => card.number)).toEqual(['GC-ANN', 'GC-VIC']);

  const mergeId = await mergeDone(ann, [victor]);

  // Every record is the survivor's now, the victim's standing too (as it was: the survivor's own took it in).
  expect(await storedHolders([ann, victor])).toEqual({
    [`loyalty:${ann}`]: ann,
    [`loyalty:${victor}`]: ann,
    'giftCard:GC-ANN': ann,
    'transaction:sale-ann': ann,
    'giftCard:GC-VIC': ann,
    'rewardCard:RC-VIC': ann,
    'houseAccount:HA-VIC': ann,
    'transaction:sale-vic': ann,
  });
  const merged = await assetsOf(ann);
  expect(merged).toEqual(preview.body.after);
  expect(merged.loyalty).toEqual({ points: 150, tier: 'gold', tierRank: 3, tierProgress: 50 });
  expect(merged.rewardCards).toEqual([{ number: 'RC-VIC', balance: 3, status: 'active' }]);
  expect(merged.transactions.map((t: { externalId: string }) => t.externalId).sort()).toEqual(['sale-ann', 'sale-vic']);

  // The victim's id answers 308 to the survivor; its card and house account are written there.
  const redirected = await put(`/api/v1/customers/${victor}/assets/gift-cards/GC-VIC`, {
    balance: 1,
    status: 'active',
  });
  expect(redirected.status).toBe(308);
  expect(redirected.headers.location).toBe(`/api/v1/customers/${ann}/assets/gift-cards/GC-VIC`);
  expect((await put(redirected.headers.location, { balance: 20, status: 'active' })).body).toEqual({
    number: 'GC-VIC',
    balance: 20,
    status: 'active',
  });
  expect(
    (await put(`/api/v1/customers/${ann}/assets/house-accounts/HA-VIC`, { balance: -60, status: 'blocked' })).status,
  ).toBe(200);
  expect((await post(`/api/v1/customers/${ann}/assets/transactions`, purchase('sale-vic', 99))).status).toBe(200);
  // What the survivor gains after the merge is its own: a card, a sale, 30 points earned on the merged standing.
  expect(
    (await put(`/api/v1/customers/${ann}/assets/gift-cards/GC-LATER`, { balance: 7, status: 'active' })).status,
  ).toBe(200);
  expect((await post(`/api/v1/customers/${ann}/assets/transactions`, purchase('sale-later', 3))).status).toBe(201);
  const earned = { points: 180, tier: 'gold', tierRank: 3, tierProgress: 55 };
  expect((await put(`/api/v1/customers/${ann}/assets/loyalty`, earned)).status).toBe(200);
  const written = await assetsOf(ann);
  expect(written.loyalty).toEqual(earned);
  expect(written.giftCards).toContainEqual({ number: 'GC-VIC', balance: 20, status: 'active' });
  expect(written.houseAccounts).toEqual([{ number: 'HA-VIC', balance: -60, status: 'blocked' }]);

  await undoDone(mergeId);

  // Exactly the records the victim brought go back (as written since); the survivor keeps what it gained.
  expect(await storedHolders([ann, victor])).toEqual({
    ...storedBefore,
    'giftCard:GC-LATER': ann,
    'transaction:sale-later': ann,
  });
  const restored = await assetsOf(victor);
  expect(restored).toEqual({
    ...victorBefore,
    giftCards: [{ number: 'GC-VIC', balance: 20, status: 'active' }],
    houseAccounts: [{ number: 'HA-VIC', balance: -60, status: 'blocked' }],
  });
  expect(restored.loyalty).toEqual({ points: 50, tier: 'gold', tierRank: 3, tierProgress: 10 });
  const annAfter = await assetsOf(ann);
  // loyaltyAfterUndo: the victim's 50 points and 10 of progress leave, the 30 earned since stay, the tier is Ann's own.
  expect(annAfter.loyalty).toEqual({ points: 130, tier: 'silver', tierRank: 2, tierProgress: 45 });
  expect(annAfter.giftCards.map((card: { number: string }) => card.number)).toEqual(['GC-ANN', 'GC-LATER']);
  expect(annAfter.houseAccounts).toEqual([]);
  expect(annAfter.transactions.map((t: { externalId: string }) => t.externalId).sort()).toEqual([
    'sale-ann',
    'sale-later',
  ]);
});

it('merges three victims’ assets into a survivor that had none, and gives each back its own on undo', async () => {
  const sam = await seedCustomer('Sam', '2024-06-01T00:00:00Z');
  const [vera, will, xena] = await Promise.all([
    seedCustomer('Vera', '2025-02-01T00:00:00Z'),
    seedCustomer('Will', '2025-03-01T00:00:00Z'),
    seedCustomer('Xena', '2025-04-01T00:00:00Z'),
  ]);
  await holding(
    vera,
    { points: 40, tier: 'silver', tierRank: 2, tierProgress: 4 },
    [['reward-cards', 'RC-VERA', 2]],
    'sale-vera',
  );
  await holding(
    will,
    { points: 60, tier: 'gold', tierRank: 3, tierProgress: 6 },
    [['gift-cards', 'GC-WILL', 9]],
    'sale-will',
  );
  expect((await post(`/api/v1/customers/${xena}/assets/transactions`, purchase('sale-xena', 1))).status).toBe(201);
  const before = await Promise.all([vera, will, xena].map(assetsOf));
  const storedBefore = await storedHolders([sam, vera, will, xena]);

  const mergeId = await mergeDone(sam, [vera, will, xena]);

  const stored = await storedHolders([sam, vera, will, xena]);
  expect(Object.values(stored).every((holder) => holder === sam)).toBe(true);
  expect(Object.keys(stored).sort()).toEqual(
    [
      `loyalty:${sam}`,
      `loyalty:${vera}`,
      `loyalty:${will}`,
      'rewardCard:RC-VERA',
      'giftCard:GC-WILL',
      'transaction:sale-vera',
      'transaction:sale-will',
      'transaction:sale-xena',
    ].sort(),
  );
  const merged = await assetsOf(sam);
  expect(merged.loyalty).toEqual({ points: 100, tier: 'gold', tierRank: 3, tierProgress: 10 });
  expect(merged.rewardCards).toEqual([{ number: 'RC-VERA', balance: 2, status: 'active' }]);
  expect(merged.giftCards).toEqual([{ number: 'GC-WILL', balance: 9, status: 'active' }]);
  // The cards stay usable on the survivor.
  expect(
    (await put(`/api/v1/customers/${sam}/assets/gift-cards/GC-WILL`, { balance: 8, status: 'active' })).status,
  ).toBe(200);

  await undoDone(mergeId);

  expect(await storedHolders([sam, vera, will, xena])).toEqual(storedBefore);
  const after = await Promise.all([vera, will, xena].map(assetsOf));
  expect(after).toEqual([
    before[0],
    { ...before[1], giftCards: [{ number: 'GC-WILL', balance: 8, status: 'active' }] },
    before[2],
  ]);
  // Sam was no member before the merge and earned nothing since: no standing is left on it.
  expect((await assetsOf(sam)).loyalty).toBeNull();
});

it('leaves assets with the customer when an identity is detached, and reads the detached customer’s through the source once the detach is undone', async () => {
  const dana = await seedCustomer('Dana', '2025-05-01T00:00:00Z');
  const work = await seedIdentity(dana, 'dana@work.assets.example');
  await holding(
    dana,
    { points: 70, tier: 'silver', tierRank: 2, tierProgress: 7 },
    [['gift-cards', 'GC-DANA', 4]],
    'sale-dana',
  );
  const danaBefore = await assetsOf(dana);

  const detach = await as(acme.supervisor).post(`/api/v1/customers/${dana}/identities/${work}/detach`, {});
  expect(detach.status).toBe(202);
  expect(await worker.get(DetachesProducer).waitFor(detach.body.id as string, 20_000)).toBe(true);
  const detached = detach.body.toCustomerId as string;
  // Assets belong to the customer, not to one of its identities: nothing moved.
  expect(await storedHolders([dana, detached])).toEqual({
    [`loyalty:${dana}`]: dana,
    'giftCard:GC-DANA': dana,
    'transaction:sale-dana': dana,
  });
  expect(await assetsOf(dana)).toEqual(danaBefore);
  // What an integration records on the detached customer meanwhile is its own.
  await holding(
    detached,
    { points: 5, tier: 'bronze', tierRank: 1, tierProgress: 1 },
    [['gift-cards', 'GC-WORK', 2]],
    'sale-work',
  );

  const undo = await as(acme.supervisor).post(`/api/v1/detaches/${detach.body.id as string}/undo`, {});
  expect(undo.status).toBe(202);
  expect(await worker.get(DetachesProducer).waitFor(undo.body.id as string, 20_000)).toBe(true);
  expect((await as(acme.supervisor).get(`/api/v1/detaches/${detach.body.id as string}/undo`)).body.status).toBe('done');

  // The detached customer is a tombstone of Dana now; its records stay on it and are read through Dana.
  expect((await storedHolders([detached]))['giftCard:GC-WORK']).toBe(detached);
  const danaAfter = await assetsOf(dana);
  expect(danaAfter.loyalty).toEqual({ points: 75, tier: 'silver', tierRank: 2, tierProgress: 8 });
  expect(danaAfter.giftCards.map((card: { number: string }) => card.number)).toEqual(['GC-DANA', 'GC-WORK']);
  expect(danaAfter.transactions.map((t: { externalId: string }) => t.externalId).sort()).toEqual([
    'sale-dana',
    'sale-work',
  ]);
  expect(
    (await put(`/api/v1/customers/${dana}/assets/gift-cards/GC-WORK`, { balance: 1, status: 'active' })).status,
  ).toBe(200);
});

it('finds on the survivor a record a racing write left on a victim after its merge moved the rest', async () => {
  const rita = await seedCustomer('Rita', '2025-06-01T00:00:00Z');
  const rob = await seedCustomer('Rob', '2025-07-01T00:00:00Z');
  await holding(
    rob,
    { points: 10, tier: 'bronze', tierRank: 1, tierProgress: 1 },
    [['gift-cards', 'GC-ROB', 6]],
    'sale-rob',
  );
  await mergeDone(rita, [rob]);
  // A write that resolved Rob before the merge made it a tombstone lands after move-assets: it stays on Rob.
  const now = new Date();
  await connection.collection('customer_assets').insertOne({
    tenantId: new Types.ObjectId(acme.agent.tenantId),
    customerId: new Types.ObjectId(rob),
    kind: 'giftCard',
    key: 'GC-RACE',
    balance: 9,
    status: 'active',
    createdAt: now,
    updatedAt: now,
  });

  const read = await assetsOf(rita);
  expect(read.giftCards).toEqual([
    { number: 'GC-RACE', balance: 9, status: 'active' },
    { number: 'GC-ROB', balance: 6, status: 'active' },
  ]);
  expect(read.loyalty).toEqual({ points: 10, tier: 'bronze', tierRank: 1, tierProgress: 1 });
  // It stays usable through the survivor, not taken by it as a new number.
  const written = await put(`/api/v1/customers/${rita}/assets/gift-cards/GC-RACE`, { balance: 3, status: 'active' });
  expect(written.status).toBe(200);
  expect((await assetsOf(rita)).giftCards).toContainEqual({ number: 'GC-RACE', balance: 3, status: 'active' });
  // A racing standing write on Rob finds its standing taken in by Rita: refused (the route then answers 308), and
  // Rita's standing is left as the merge made it.
  const late = { points: 99, tier: 'gold', tierRank: 3, tierProgress: 9 };
  const assets = api.app.get(CustomerAssetRepository);
  expect(await assets.setLoyalty(acme.agent.tenantId, new Types.ObjectId(rob), late)).toBeUndefined();
  expect((await assetsOf(rita)).loyalty).toEqual({ points: 10, tier: 'bronze', tierRank: 1, tierProgress: 1 });
});
