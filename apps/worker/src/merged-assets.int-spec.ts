import type { INestApplicationContext } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bullmq';
import { QueueEvents, type Queue } from 'bullmq';
import { Types } from 'mongoose';
import request from 'supertest';
import { CustomerRepository, IdentityRepository, type Role } from '@app/persistence';
import { MergesProducer, QUEUES } from '@app/queue';
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

/**
 * Customer assets through a merge and its undo, run by the worker's journals in this process: what the victim held
 * is read and written on the survivor, and is the victim's again once the merge is undone.
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
  const address = `${name.toLowerCase()}@assets.example`;
  await api.app.get(IdentityRepository).insertOrGet({
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
  return id.toHexString();
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

it('carries the victim’s cards, house account, transactions and points to the survivor, and gives them back on undo', async () => {
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

  const preview = await as(acme.agent).get(`/api/v1/customers/${ann}/assets/merge-preview?victimId=${victor}`);
  expect(preview.status).toBe(200);
  expect(preview.body.moving).toEqual(victorBefore);
  expect(preview.body.after).toMatchObject({
    customerId: ann,
    loyalty: { points: 150, tier: 'gold', tierRank: 3, tierProgress: 50 },
    houseAccounts: [{ number: 'HA-VIC', balance: -120, status: 'active' }],
  });
  expect(preview.body.after.giftCards.map((card: { number: string }) => card.number)).toEqual(['GC-ANN', 'GC-VIC']);

  const merge = await as(acme.supervisor).post('/api/v1/merges', { survivorId: ann, victimIds: [victor] });
  expect([200, 202]).toContain(merge.status);
  expect(await worker.get(MergesProducer).waitFor(merge.body.id, 20_000)).toBe(true);

  const merged = await assetsOf(ann);
  expect(merged.loyalty).toEqual({ points: 150, tier: 'gold', tierRank: 3, tierProgress: 50 });
  expect(merged.giftCards.map((card: { number: string }) => card.number)).toEqual(['GC-ANN', 'GC-VIC']);
  expect(merged.rewardCards).toEqual([{ number: 'RC-VIC', balance: 3, status: 'active' }]);
  expect(merged.houseAccounts).toEqual([{ number: 'HA-VIC', balance: -120, status: 'active' }]);
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
  const written = await assetsOf(ann);
  expect(written.giftCards).toContainEqual({ number: 'GC-VIC', balance: 20, status: 'active' });
  expect(written.houseAccounts).toEqual([{ number: 'HA-VIC', balance: -60, status: 'blocked' }]);
  // Points the survivor earns after the merge are its own.
  expect(
    (
      await put(`/api/v1/customers/${ann}/assets/loyalty`, {
        points: 130,
        tier: 'silver',
        tierRank: 2,
        tierProgress: 45,
      })
    ).status,
  ).toBe(200);
  expect((await assetsOf(ann)).loyalty).toEqual({ points: 180, tier: 'gold', tierRank: 3, tierProgress: 55 });

  const undo = await as(acme.supervisor).post(`/api/v1/merges/${merge.body.id}/undo`);
  expect(undo.status).toBe(202);
  const job = await api.app.get<Queue>(getQueueToken(QUEUES.merges)).getJob(`undo-${undo.body.id as string}`);
  if (job) await job.waitUntilFinished(mergeEvents, 20_000);
  expect((await as(acme.supervisor).get(`/api/v1/merges/${merge.body.id}/undo`)).body.status).toBe('done');

  const restored = await assetsOf(victor);
  expect(restored).toEqual({
    ...victorBefore,
    giftCards: [{ number: 'GC-VIC', balance: 20, status: 'active' }],
    houseAccounts: [{ number: 'HA-VIC', balance: -60, status: 'blocked' }],
  });
  expect(restored.loyalty).toEqual({ points: 50, tier: 'gold', tierRank: 3, tierProgress: 10 });
  const annAfter = await assetsOf(ann);
  expect(annAfter.loyalty).toEqual({ points: 130, tier: 'silver', tierRank: 2, tierProgress: 45 });
  expect(annAfter.giftCards.map((card: { number: string }) => card.number)).toEqual(['GC-ANN']);
  expect(annAfter.houseAccounts).toEqual([]);
});
