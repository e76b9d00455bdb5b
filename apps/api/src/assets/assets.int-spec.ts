import { Types } from 'mongoose';
import request from 'supertest';
import { CustomerRepository, type Role } from '@app/persistence';
import {
  createConnectorChannel,
  createTenantWithUsers,
  RestClient,
  signInAll,
  startApiInProcess,
  type InProcessApi,
  type TestUser,
} from '@app/testing';

let api: InProcessApi;
let acme: Record<Role, TestUser>;
let globex: Record<Role, TestUser>;
let as: (user: TestUser) => RestClient;
let acmeKey: string;
let globexKey: string;

async function seedCustomer(tenantId: string, name: string): Promise<string> {
  const id = new Types.ObjectId();
  await api.app.get(CustomerRepository).recordActivity(tenantId, id, new Date('2026-03-01T10:00:00Z'), { name });
  return id.toHexString();
}

/** A request with a connector key (or no credentials at all). */
const withKey = (key: string | undefined) => {
  const authorize = (call: request.Test) => (key === undefined ? call : call.set('Authorization', `Bearer ${key}`));
  return {
    post: (path: string, body: object) => authorize(request(api.url).post(path)).send(body),
    put: (path: string, body: object) => authorize(request(api.url).put(path)).send(body),
  };
};

const purchase = (externalId: string, amount = 42.5) => ({
  externalId,
  amount,
  currency: 'EUR',
  occurredAt: '2026-03-01T09:30:00Z',
  store: 'Berlin Mitte',
  channel: 'pos',
});

beforeAll(async () => {
  api = await startApiInProcess();
  acme = await createTenantWithUsers(api.app, 'Acme');
  globex = await createTenantWithUsers(api.app, 'Globex');
  as = await signInAll(api.url, [acme.agent, acme.supervisor, acme.admin, globex.agent, globex.admin]);
  acmeKey = (await createConnectorChannel(as(acme.admin), 'api')).key;
  globexKey = (await createConnectorChannel(as(globex.admin), 'api')).key;
});

afterAll(async () => {
  await api?.close();
});

describe('customer assets', () => {
  it('answers an empty set for a customer no integration wrote about', async () => {
    const ann = await seedCustomer(acme.agent.tenantId, 'Ann');
    const response = await as(acme.agent).get(`/api/v1/customers/${ann}/assets`);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      customerId: ann,
      loyalty: null,
      rewardCards: [],
      giftCards: [],
      houseAccounts: [],
      transactions: [],
    });
  });

  it('records a transaction once per external id, whoever sends it again', async () => {
    const ann = await seedCustomer(acme.agent.tenantId, 'Ann');
    const path = `/api/v1/customers/${ann}/assets/transactions`;
    const first = await withKey(acmeKey).post(path, purchase('pos-1'));
    expect(first.status).toBe(201);
    expect(first.body).toEqual({ ...purchase('pos-1'), occurredAt: '2026-03-01T09:30:00.000Z' });
    const repeat = await withKey(acmeKey).post(path, purchase('pos-1', 99));
    expect(repeat.status).toBe(200);
    expect(repeat.body.amount).toBe(42.5);
    const byAdmin = await as(acme.admin).post(path, purchase('pos-1'));
    expect(byAdmin.status).toBe(200);
    expect((await withKey(acmeKey).post(path, purchase('pos-2', 10))).status).toBe(201);

    const assets = await as(acme.agent).get(`/api/v1/customers/${ann}/assets`);
    expect(assets.body.transactions.map((t: { externalId: string }) => t.externalId).sort()).toEqual([
      'pos-1',
      'pos-2',
    ]);
  });

  it('sets the loyalty standing and creates or updates cards and house accounts', async () => {
    const ann = await seedCustomer(acme.agent.tenantId, 'Ann');
    const base = `/api/v1/customers/${ann}/assets`;
    const loyalty = { points: 1250, tier: 'gold', tierRank: 3, tierProgress: 320 };
    expect((await withKey(acmeKey).put(`${base}/loyalty`, loyalty)).body).toEqual(loyalty);
    expect((await withKey(acmeKey).put(`${base}/gift-cards/GC-1`, { balance: 50, status: 'active' })).status).toBe(200);
    expect((await as(acme.admin).put(`${base}/gift-cards/GC-1`, { balance: 20, status: 'active' })).status).toBe(200);
    expect((await withKey(acmeKey).put(`${base}/reward-cards/RC-1`, { balance: 7, status: 'blocked' })).status).toBe(
      200,
    );
    expect((await withKey(acmeKey).put(`${base}/house-accounts/HA-1`, { balance: -80, status: 'active' })).status).toBe(
      200,
    );

    const assets = await as(acme.agent).get(base);
    expect(assets.body).toMatchObject({
      loyalty,
      giftCards: [{ number: 'GC-1', balance: 20, status: 'active' }],
      rewardCards: [{ number: 'RC-1', balance: 7, status: 'blocked' }],
      houseAccounts: [{ number: 'HA-1', balance: -80, status: 'active' }],
    });
  });

  it('refuses a number another customer holds', async () => {
    const [ann, bob] = await Promise.all([
      seedCustomer(acme.agent.tenantId, 'Ann'),
      seedCustomer(acme.agent.tenantId, 'Bob'),
    ]);
    const card = { balance: 5, status: 'active' };
    expect((await withKey(acmeKey).put(`/api/v1/customers/${ann}/assets/gift-cards/GC-TAKEN`, card)).status).toBe(200);
    const refused = await withKey(acmeKey).put(`/api/v1/customers/${bob}/assets/gift-cards/GC-TAKEN`, card);
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'asset_taken', number: 'GC-TAKEN' });
    expect((await as(acme.agent).get(`/api/v1/customers/${bob}/assets`)).body.giftCards).toEqual([]);
  });

  it.each([
    ['an agent', () => as(acme.agent), 403, 'forbidden'],
    ['a supervisor', () => as(acme.supervisor), 403, 'forbidden'],
  ])('lets %s read but not write', async (_who, client, status, code) => {
    const ann = await seedCustomer(acme.agent.tenantId, 'Ann');
    expect((await client().get(`/api/v1/customers/${ann}/assets`)).status).toBe(200);
    const refusals = await Promise.all([
      client().post(`/api/v1/customers/${ann}/assets/transactions`, purchase('pos-role')),
      client().put(`/api/v1/customers/${ann}/assets/loyalty`, { points: 1, tier: null, tierRank: 0, tierProgress: 0 }),
      client().put(`/api/v1/customers/${ann}/assets/gift-cards/GC-role`, { balance: 1, status: 'active' }),
    ]);
    for (const refusal of refusals) expect(refusal.body).toMatchObject({ status, code });
  });

  it('refuses writes without credentials or with a connector key that is not one', async () => {
    const ann = await seedCustomer(acme.agent.tenantId, 'Ann');
    const path = `/api/v1/customers/${ann}/assets/transactions`;
    const forged = `cck_${new Types.ObjectId().toHexString()}_${'x'.repeat(43)}`;
    for (const key of [undefined, forged]) {
      const response = await withKey(key).post(path, purchase('pos-anon'));
      expect(response.body).toMatchObject({ status: 401, code: 'unauthenticated' });
    }
    expect(
      (await request(api.url).get(`/api/v1/customers/${ann}/assets`).set('Authorization', `Bearer ${acmeKey}`)).status,
    ).toBe(401);
  });

  it('keeps tenants apart: another tenant’s key and users do not find the customer, external ids are per tenant', async () => {
    const ann = await seedCustomer(acme.agent.tenantId, 'Ann');
    const gus = await seedCustomer(globex.agent.tenantId, 'Gus');
    expect(
      (await withKey(acmeKey).post(`/api/v1/customers/${ann}/assets/transactions`, purchase('pos-shared'))).status,
    ).toBe(201);

    const foreignWrite = await withKey(globexKey).post(
      `/api/v1/customers/${ann}/assets/transactions`,
      purchase('pos-x'),
    );
    expect(foreignWrite.body).toMatchObject({ status: 404, code: 'not_found' });
    const foreignCard = await withKey(globexKey).put(`/api/v1/customers/${ann}/assets/gift-cards/GC-X`, {
      balance: 1,
      status: 'active',
    });
    expect(foreignCard.status).toBe(404);
    expect((await as(globex.agent).get(`/api/v1/customers/${ann}/assets`)).status).toBe(404);

    const sameIdElsewhere = await withKey(globexKey).post(
      `/api/v1/customers/${gus}/assets/transactions`,
      purchase('pos-shared', 1),
    );
    expect(sameIdElsewhere.status).toBe(201);
    expect((await as(globex.agent).get(`/api/v1/customers/${gus}/assets`)).body.transactions).toEqual([
      expect.objectContaining({ externalId: 'pos-shared', amount: 1 }),
    ]);
  });

  it('answers 308 to the survivor for a merged-away customer, reads and writes alike', async () => {
    const [survivor, victim] = await Promise.all([
      seedCustomer(acme.agent.tenantId, 'Kept'),
      seedCustomer(acme.agent.tenantId, 'Gone'),
    ]);
    await api.app
      .get(CustomerRepository)
      .updateOne(
        { tenantId: acme.agent.tenantId, _id: new Types.ObjectId(victim) },
        { $set: { mergedInto: new Types.ObjectId(survivor) } },
      );
    const read = await as(acme.agent).get(`/api/v1/customers/${victim}/assets`);
    expect(read.status).toBe(308);
    expect(read.headers.location).toBe(`/api/v1/customers/${survivor}/assets`);
    const other = await seedCustomer(acme.agent.tenantId, 'Other');
    const preview = await as(acme.agent).get(`/api/v1/customers/${other}/assets/merge-preview?victimId=${victim}`);
    expect(preview.body).toMatchObject({ status: 409, code: 'customer_merged', survivorId: survivor });
    const write = await withKey(acmeKey).put(`/api/v1/customers/${victim}/assets/gift-cards/GC-9`, {
      balance: 1,
      status: 'active',
    });
    expect(write.status).toBe(308);
    expect(write.headers.location).toBe(`/api/v1/customers/${survivor}/assets/gift-cards/GC-9`);
  });

  it.each([
    ['a currency that is not ISO 4217', 'transactions', { ...purchase('pos-bad'), currency: 'euro' }, 400],
    ['a date that is not ISO 8601', 'transactions', { ...purchase('pos-bad'), occurredAt: 'yesterday' }, 400],
    ['negative points', 'loyalty', { points: -1, tier: 'gold', tierRank: 1, tierProgress: 0 }, 400],
    ['an unknown status', 'gift-cards/GC-B', { balance: 1, status: 'lost' }, 400],
    ['an unknown kind of asset', 'coupons/C-1', { balance: 1, status: 'active' }, 404],
  ])('refuses %s', async (_case, subPath, body, status) => {
    const ann = await seedCustomer(acme.agent.tenantId, 'Ann');
    const path = `/api/v1/customers/${ann}/assets/${subPath}`;
    const send = withKey(acmeKey);
    const response = subPath === 'transactions' ? await send.post(path, body) : await send.put(path, body);
    expect(response.status).toBe(status);
    expect(response.body.code).toBe(status === 400 ? 'validation_failed' : 'not_found');
  });

  it('documents its routes in OpenAPI', async () => {
    const openapi = await request(api.url).get('/api/docs-json');
    const paths = openapi.body.paths as Record<string, Record<string, unknown>>;
    expect(Object.keys(paths['/api/v1/customers/{id}/assets'])).toEqual(['get']);
    expect(Object.keys(paths['/api/v1/customers/{id}/assets/merge-preview'])).toEqual(['get']);
    expect(Object.keys(paths['/api/v1/customers/{id}/assets/transactions'])).toEqual(['post']);
    expect(Object.keys(paths['/api/v1/customers/{id}/assets/loyalty'])).toEqual(['put']);
    expect(Object.keys(paths['/api/v1/customers/{id}/assets/{kind}/{number}'])).toEqual(['put']);
  });
});
