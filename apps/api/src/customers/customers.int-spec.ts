import { getQueueToken } from '@nestjs/bullmq';
import { getModelToken } from '@nestjs/mongoose';
import type { Queue } from 'bullmq';
import { Types } from 'mongoose';
import request from 'supertest';
import type { ChannelKind } from '@app/domain';
import {
  ConversationRepository,
  Customer,
  CustomerRepository,
  MergeLockRepository,
  IdentityRepository,
  type ContactDatum,
  type Role,
  type UniqueIdentifier,
} from '@app/persistence';
import { QUEUES } from '@app/queue';
import {
  createTenantWithUsers,
  RecordingConsole,
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
const channelId = new Types.ObjectId();

interface CustomerSeed {
  name?: string;
  identities?: { kind: ChannelKind; address: string; displayAddress?: string }[];
  contactData?: ContactDatum[];
  uniqueIdentifiers?: UniqueIdentifier[];
}

/** A customer stored the way the worker stores one, with identities; answers its id. */
async function seedCustomer(tenantId: string, seed: CustomerSeed = {}): Promise<string> {
  const id = new Types.ObjectId();
  const customers = api.app.get(CustomerRepository);
  await customers.recordActivity(tenantId, id, new Date('2026-03-01T10:00:00Z'), { name: seed.name });
  if (seed.contactData || seed.uniqueIdentifiers) {
    await customers.updateOne(
      { tenantId, _id: id },
      { $set: { contactData: seed.contactData ?? [], uniqueIdentifiers: seed.uniqueIdentifiers ?? [] } },
    );
  }
  for (const identity of seed.identities ?? []) await seedIdentity(tenantId, id.toHexString(), identity);
  return id.toHexString();
}

async function seedIdentity(
  tenantId: string,
  customerId: string,
  identity: { kind: ChannelKind; address: string; displayAddress?: string },
): Promise<string> {
  const stored = await api.app.get(IdentityRepository).insertOrGet({
    tenantId,
    customerId: new Types.ObjectId(customerId),
    key: `${identity.kind}:${identity.address}`,
    kind: identity.kind,
    channelId,
    anonymous: false,
    identifierType: identity.kind === 'email' ? 'email' : 'phone',
    address: identity.address,
    displayAddress: identity.displayAddress ?? identity.address,
  });
  return stored._id.toHexString();
}

async function seedConversation(
  tenantId: string,
  customerId: string,
  identityId: string,
  key: string,
  at: Date,
): Promise<string> {
  const conversation = await api.app.get(ConversationRepository).recordActivity(tenantId, {
    key,
    customerId: new Types.ObjectId(customerId),
    identityId: new Types.ObjectId(identityId),
    channelId,
    channelKind: 'whatsapp',
    at,
  });
  return conversation._id.toHexString();
}

async function tombstone(tenantId: string, victimId: string, survivorId: string): Promise<void> {
  await api.app
    .get(CustomerRepository)
    .updateOne(
      { tenantId, _id: new Types.ObjectId(victimId) },
      { $set: { mergedInto: new Types.ObjectId(survivorId) } },
    );
}

const searchIds = async (user: TestUser, q: string): Promise<string[]> => {
  const response = await as(user).get(`/api/v1/customers?q=${encodeURIComponent(q)}&limit=100`);
  expect(response.status).toBe(200);
  return response.body.items.map((item: { id: string }) => item.id);
};

let suggestions: Queue;

beforeAll(async () => {
  api = await startApiInProcess();
  acme = await createTenantWithUsers(api.app, 'Acme');
  globex = await createTenantWithUsers(api.app, 'Globex');
  as = await signInAll(api.url, [acme.agent, acme.supervisor, globex.agent]);
  suggestions = api.app.get<Queue>(getQueueToken(QUEUES.suggestions));
});

afterAll(async () => {
  // The next test file of this Jest worker shares the Redis database.
  await suggestions?.obliterate({ force: true });
  await api?.close();
});

describe('GET /api/v1/customers', () => {
  let ann: string;
  let bob: string;
  let carla: string;
  let dora: string;
  let merged: string;

  beforeAll(async () => {
    const tenantId = acme.agent.tenantId;
    ann = await seedCustomer(tenantId, {
      name: 'Ann Lee',
      identities: [{ kind: 'whatsapp', address: '+15550101001', displayAddress: '+1 555 010 1001' }],
    });
    bob = await seedCustomer(tenantId, {
      name: 'Bob Stone',
      contactData: [{ type: 'phone', value: '+15550101001', grantsAccess: false }],
    });
    carla = await seedCustomer(tenantId, {
      name: 'Carla (VIP) + Co.',
      identities: [{ kind: 'email', address: 'carla.m@example.com', displayAddress: 'Carla.M@Example.com' }],
      uniqueIdentifiers: [{ type: 'loyaltyCard', value: '8812' }],
    });
    dora = await seedCustomer(tenantId, {
      name: 'Dora',
      contactData: [{ type: 'email', value: 'carla.m@example.com', grantsAccess: true }],
    });
    merged = await seedCustomer(tenantId, {
      name: 'Ann Lee (old)',
      uniqueIdentifiers: [{ type: 'crm', value: '8812' }],
    });
    await tombstone(tenantId, merged, ann);
    await seedCustomer(globex.agent.tenantId, {
      name: 'Ann Lee',
      identities: [{ kind: 'whatsapp', address: '+15550101001' }],
      uniqueIdentifiers: [{ type: 'loyaltyCard', value: '8812' }],
    });
  });

  it.each([
    ['a name in another case', 'ann lee', () => [ann]],
    ['part of a name', 'STON', () => [bob]],
    ['a name with regex characters, taken literally', '(VIP) +', () => [carla]],
    ['a national phone number', '(555) 010-1001', () => [ann, bob]],
    ['an international phone number', '+1 555 010 1001', () => [ann, bob]],
    ['a phone number as digits', '15550101001', () => [ann, bob]],
    ['an email in another case', 'CARLA.M@EXAMPLE.COM', () => [carla, dora]],
    ['a unique identifier value', '8812', () => [carla]],
    ['nothing known', 'zebra', () => []],
  ])('finds by %s, among active customers of the tenant only', async (_case, q, expected) => {
    expect((await searchIds(acme.agent, q)).sort()).toEqual(expected().sort());
  });

  it('matches unique identifiers exactly', async () => {
    expect(await searchIds(acme.agent, '881')).toEqual([]);
  });

  it('lists summaries with identities, never a tombstone', async () => {
    const response = await as(acme.agent).get('/api/v1/customers?limit=100');
    expect(response.status).toBe(200);
    const ids = response.body.items.map((item: { id: string }) => item.id);
    expect(ids).toEqual(expect.arrayContaining([ann, bob, carla, dora]));
    expect(ids).not.toContain(merged);
    expect(response.body.items.find((item: { id: string }) => item.id === ann)).toEqual({
      id: ann,
      name: 'Ann Lee',
      kind: 'contact',
      identities: [
        expect.objectContaining({
          kind: 'whatsapp',
          address: '+15550101001',
          displayAddress: '+1 555 010 1001',
          anonymous: false,
          channelId: channelId.toHexString(),
        }),
      ],
      createdAt: expect.any(String),
      lastActiveAt: '2026-03-01T10:00:00.000Z',
    });
  });

  it('walks every customer once, newest first, page by page', async () => {
    const tenant = await createTenantWithUsers(api.app, 'Paging');
    const agent = await RestClient.signIn(api.url, tenant.agent.email, tenant.agent.password);
    const seeded: string[] = [];
    for (let n = 0; n < 7; n++) seeded.push(await seedCustomer(tenant.agent.tenantId, { name: `Customer ${n}` }));
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = cursor ? `&cursor=${cursor}` : '';
      const response = await agent.get(`/api/v1/customers?limit=3${query}`);
      expect(response.status).toBe(200);
      expect(response.body.items.length).toBeLessThanOrEqual(3);
      seen.push(...response.body.items.map((item: { id: string }) => item.id));
      cursor = response.body.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual([...seeded].reverse());
  });

  it('pages through search results too', async () => {
    const first = await as(acme.agent).get(`/api/v1/customers?q=${encodeURIComponent('+1 555 010 1001')}&limit=1`);
    const second = await as(acme.agent).get(
      `/api/v1/customers?q=${encodeURIComponent('+1 555 010 1001')}&limit=1&cursor=${first.body.nextCursor}`,
    );
    expect([first.body.items[0].id, second.body.items[0].id]).toEqual([bob, ann]);
    expect(second.body.nextCursor).toBeNull();
  });

  it.each([
    ['a malformed cursor', 'cursor=not*a*cursor', 'invalid_cursor'],
    [
      'a cursor of a dated list',
      `cursor=${Buffer.from(`1_${'a'.repeat(24)}`).toString('base64url')}`,
      'invalid_cursor',
    ],
    ['a limit above 100', 'limit=101', 'validation_failed'],
    ['a limit that is no number', 'limit=ten', 'validation_failed'],
  ])('refuses %s with 400', async (_case, query, code) => {
    const response = await as(acme.agent).get(`/api/v1/customers?${query}`);
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body.code).toBe(code);
  });

  it('refuses an unauthenticated request with 401', async () => {
    const response = await request(api.url).get('/api/v1/customers');
    expect(response.status).toBe(401);
    expect(response.body.code).toBe('unauthenticated');
  });
});

describe('GET /api/v1/customers?q= by name tokens', () => {
  let agent: RestClient;
  let jose: string;
  let josefine: string;
  let maria: string;
  let exact: string;
  let byEmail: string;
  let long: string;
  let tenantId: string;

  beforeAll(async () => {
    const tenant = await createTenantWithUsers(api.app, 'Names');
    agent = await RestClient.signIn(api.url, tenant.agent.email, tenant.agent.password);
    tenantId = tenant.agent.tenantId;
    jose = await seedCustomer(tenantId, { name: 'José Álvarez-Müller' });
    josefine = await seedCustomer(tenantId, { name: 'Josefine Alvers' });
    maria = await seedCustomer(tenantId, { name: 'María José Ortiz' });
    exact = await seedCustomer(tenantId, { name: 'Jose' });
    byEmail = await seedCustomer(tenantId, {
      name: 'Zed Quinn',
      contactData: [{ type: 'email', value: 'jose@example.com', grantsAccess: false }],
    });
    long = await seedCustomer(tenantId, { name: 'Hubert Wolfeschlegelsteinhausenbergerdorff' });
    // Another tenant's customers of the same names are never found.
    await seedCustomer(globex.agent.tenantId, { name: 'José Álvarez-Müller' });
    await seedCustomer(globex.agent.tenantId, { name: 'Jose' });
  });

  const ids = async (q: string, limit = 100): Promise<string[]> => {
    const response = await agent.get(`/api/v1/customers?q=${encodeURIComponent(q)}&limit=${limit}`);
    expect(response.status).toBe(200);
    return response.body.items.map((item: { id: string }) => item.id);
  };

  it.each([
    ['a prefix of a word', 'alv', () => [jose, josefine]],
    ['prefixes of two words, in any order', 'mul jos', () => [jose]],
    ['accents folded both ways', 'MULLER', () => [jose]],
    ['accented query, plain name', 'jösé ortíz', () => [maria]],
    ['a word in the middle of a hyphenated name', 'muller', () => [jose]],
    ['every word must begin a word', 'jose xyz', () => []],
    ['no match inside a word', 'varez', () => []],
    ['one letter of each word', 'q z', () => [byEmail]],
    ['a word longer than the stored prefixes', 'wolfeschlegelstein hu', () => [long]],
    ['a long word that goes on differently', 'wolfeschlegelsteinx', () => []],
    ['a long word whole', 'wolfeschlegelsteinhausenbergerdorff', () => [long]],
  ])('finds %s', async (_case, q, expected) => {
    expect((await ids(q)).sort()).toEqual(expected().sort());
  });

  it('ranks exact matches (the full name, an email) first, then the rest newest first', async () => {
    expect(await ids('jose')).toEqual([exact, maria, josefine, jose]);
    expect(await ids('jose@example.com')).toEqual([byEmail]);
    expect(await ids('josé álvarez müller')).toEqual([jose]);
  });

  it('pages exact matches first, then the rest, each customer once', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const response = await agent.get(`/api/v1/customers?q=jose&limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      expect(response.status).toBe(200);
      seen.push(...response.body.items.map((item: { id: string }) => item.id));
      cursor = response.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([exact, maria, josefine, jose]);
  });

  it('finds a customer stored before names had tokens once the backfill gave it some, and backfills once', async () => {
    const id = new Types.ObjectId();
    const model = api.app.get(getModelToken(Customer.name));
    await model.collection.insertOne({
      _id: id,
      tenantId: new Types.ObjectId(tenantId),
      name: 'Ingrid Bergström',
      kind: 'contact',
      contactData: [],
      uniqueIdentifiers: [],
      mergedInto: null,
      createdAt: new Date(),
      updatedAt: new Date(),
    });
    // Stored after names had tokens, before they had prefixes.
    const tokensOnly = new Types.ObjectId();
    await model.collection.insertOne({
      _id: tokensOnly,
      tenantId: new Types.ObjectId(tenantId),
      name: 'Ingmar Bergsson',
      nameTokens: ['ingmar', 'bergsson'],
      kind: 'contact',
      contactData: [],
      uniqueIdentifiers: [],
      mergedInto: null,
      createdAt: new Date(),
      updatedAt: new Date(),
    });
    expect(await ids('bergstrom')).toEqual([]);
    expect(await ids('bergs')).toEqual([]);
    const repository = api.app.get(CustomerRepository);
    let written = 0;
    for (
      let batch = await repository.backfillNameTokens(100);
      batch > 0;
      batch = await repository.backfillNameTokens(100)
    ) {
      written += batch;
    }
    expect(written).toBeGreaterThanOrEqual(2);
    expect(await repository.backfillNameTokens(100)).toBe(0);
    expect(await ids('bergstrom ingr')).toEqual([id.toHexString()]);
    expect(await ids('ingmar bergs')).toEqual([tokensOnly.toHexString()]);
  });

  it('keeps the tokens of an edited name current', async () => {
    const renamed = await seedCustomer(tenantId, { name: 'Old Name' });
    expect((await agent.patch(`/api/v1/customers/${renamed}`, { name: 'Łukasz Nowak' })).status).toBe(200);
    expect(await ids('lukasz')).toEqual([renamed]);
    expect(await ids('old')).toEqual([]);
  });
});

describe('GET /api/v1/customers/:id', () => {
  it('answers the profile with conversation counts per identity and the latest conversations', async () => {
    const tenantId = acme.agent.tenantId;
    const id = await seedCustomer(tenantId, {
      name: 'Eve Adams',
      contactData: [
        { type: 'phone', value: '+15550102002', display: '+1 555 010 2002', grantsAccess: true },
        { type: 'card', value: '4111', grantsAccess: false },
      ],
      uniqueIdentifiers: [{ type: 'crmId', value: 'C-77' }],
    });
    const whatsapp = await seedIdentity(tenantId, id, { kind: 'whatsapp', address: '+15550102002' });
    const email = await seedIdentity(tenantId, id, { kind: 'email', address: 'eve@example.com' });
    await seedIdentity(tenantId, id, { kind: 'sms', address: '+15550102002' });
    const older = await seedConversation(tenantId, id, whatsapp, 'eve-1', new Date('2026-03-01T09:00:00Z'));
    const newer = await seedConversation(tenantId, id, whatsapp, 'eve-2', new Date('2026-03-02T09:00:00Z'));
    const mail = await seedConversation(tenantId, id, email, 'eve-3', new Date('2026-03-01T12:00:00Z'));

    const response = await as(acme.agent).get(`/api/v1/customers/${id}`);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      id,
      name: 'Eve Adams',
      kind: 'contact',
      contactData: [
        { type: 'phone', value: '+15550102002', display: '+1 555 010 2002', grantsAccess: true },
        { type: 'card', value: '4111', grantsAccess: false },
      ],
      uniqueIdentifiers: [{ type: 'crmId', value: 'C-77' }],
      conversationsNextCursor: null,
      createdAt: expect.any(String),
      lastActiveAt: '2026-03-01T10:00:00.000Z',
    });
    const counts = Object.fromEntries(
      response.body.identities.map((identity: { kind: string; conversationCount: number }) => [
        identity.kind,
        identity.conversationCount,
      ]),
    );
    expect(counts).toEqual({ whatsapp: 2, email: 1, sms: 0 });
    expect(response.body.conversations.map((conversation: { id: string }) => conversation.id)).toEqual([
      newer,
      mail,
      older,
    ]);
    expect(response.body.conversations[0]).toEqual({
      id: newer,
      customerId: id,
      identityId: whatsapp,
      channelId: channelId.toHexString(),
      channelKind: 'whatsapp',
      subject: null,
      lastMessageAt: '2026-03-02T09:00:00.000Z',
      serviceWindowExpiresAt: null,
      createdAt: expect.any(String),
    });
  });

  it('redirects a merged-away id to its survivor with 308', async () => {
    const tenantId = acme.agent.tenantId;
    const survivor = await seedCustomer(tenantId, { name: 'Survivor' });
    const victim = await seedCustomer(tenantId, { name: 'Victim' });
    await tombstone(tenantId, victim, survivor);
    const response = await as(acme.agent).get(`/api/v1/customers/${victim}`);
    expect(response.status).toBe(308);
    expect(response.headers.location).toBe(`/api/v1/customers/${survivor}`);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({
      status: 308,
      code: 'customer_merged',
      customerId: victim,
      survivorId: survivor,
    });
  });

  it('follows a chain of merges to the final survivor', async () => {
    const tenantId = acme.agent.tenantId;
    const [first, second, final] = [
      await seedCustomer(tenantId, { name: 'First' }),
      await seedCustomer(tenantId, { name: 'Second' }),
      await seedCustomer(tenantId, { name: 'Final' }),
    ];
    await tombstone(tenantId, first, second);
    await tombstone(tenantId, second, final);
    for (const id of [first, second]) {
      const response = await as(acme.agent).get(`/api/v1/customers/${id}`);
      expect(response.status).toBe(308);
      expect(response.headers.location).toBe(`/api/v1/customers/${final}`);
      expect(response.body.survivorId).toBe(final);
    }
  });

  it.each([
    ['another tenant’s customer', async () => seedCustomer(acme.agent.tenantId, { name: 'Private' })],
    ['an unknown id', async () => new Types.ObjectId().toHexString()],
    ['a malformed id', async () => 'not-an-id'],
  ])('answers 404 not_found for %s', async (_case, id) => {
    const response = await as(globex.agent).get(`/api/v1/customers/${await id()}`);
    expect(response.status).toBe(404);
    expect(response.body.code).toBe('not_found');
  });

  it('does not redirect to another tenant’s customer', async () => {
    const victim = await seedCustomer(acme.agent.tenantId, { name: 'Victim' });
    await tombstone(acme.agent.tenantId, victim, await seedCustomer(acme.agent.tenantId, { name: 'Survivor' }));
    const response = await as(globex.agent).get(`/api/v1/customers/${victim}`);
    expect(response.status).toBe(404);
  });

  it('refuses an unauthenticated request with 401', async () => {
    const id = await seedCustomer(acme.agent.tenantId);
    expect((await request(api.url).get(`/api/v1/customers/${id}`)).status).toBe(401);
  });
});

describe('PATCH /api/v1/customers/:id', () => {
  const checkJobsOf = async (customerId: string) =>
    (await suggestions.getJobs(['waiting', 'delayed', 'prioritized'])).filter(
      (job) => job?.data.customerId === customerId,
    );

  it('refuses an edit while the customer is being merged, so nothing is lost with the merge', async () => {
    const id = await seedCustomer(acme.agent.tenantId, { name: 'Locked' });
    const locks = api.app.get(MergeLockRepository);
    const mergeId = new Types.ObjectId();
    expect(await locks.acquire(acme.agent.tenantId, mergeId, [new Types.ObjectId(id)])).toBe(true);
    const refused = await as(acme.agent).patch(`/api/v1/customers/${id}`, { name: 'Renamed' });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'merge_in_progress', customerId: id });
    await locks.release(acme.agent.tenantId, mergeId);
    expect((await as(acme.agent).patch(`/api/v1/customers/${id}`, { name: 'Renamed' })).status).toBe(200);
  });

  it('adds and removes contact data and identifiers, normalized, and answers the profile', async () => {
    const id = await seedCustomer(acme.agent.tenantId, {
      name: 'Finn',
      contactData: [{ type: 'email', value: 'old@example.com', grantsAccess: false }],
      uniqueIdentifiers: [
        { type: 'crmId', value: 'C-1' },
        { type: 'loyaltyCard', value: '1000' },
      ],
    });
    const response = await as(acme.agent).patch(`/api/v1/customers/${id}`, {
      name: '  Finn Miller ',
      kind: 'member',
      addContactData: [
        { type: 'phone', value: '+1 (555) 010-3003', grantsAccess: true },
        { type: 'phone', value: '(555) 010-3004', country: 'US' },
        { type: 'email', value: 'Finn.Miller@Example.COM' },
        { type: 'card', value: '4111 1111 1111 1111' },
      ],
      removeContactData: [{ type: 'email', value: 'OLD@example.com' }],
      addUniqueIdentifiers: [
        { type: 'loyaltyCard', value: ' 2000 ' },
        { type: 'referenceCode', value: 'R-9' },
      ],
      removeUniqueIdentifiers: [{ type: 'crmId' }],
    });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ id, name: 'Finn Miller', kind: 'member' });
    expect(response.body.contactData).toEqual([
      { type: 'phone', value: '+15550103003', display: '+1 555 010 3003', grantsAccess: true },
      { type: 'phone', value: '+15550103004', display: '+1 555 010 3004', grantsAccess: false },
      { type: 'email', value: 'finn.miller@example.com', display: 'Finn.Miller@Example.COM', grantsAccess: false },
      { type: 'card', value: '4111111111111111', display: '4111 1111 1111 1111', grantsAccess: false },
    ]);
    expect(response.body.uniqueIdentifiers).toEqual([
      { type: 'loyaltyCard', value: '2000' },
      { type: 'referenceCode', value: 'R-9' },
    ]);
    const again = await as(acme.agent).get(`/api/v1/customers/${id}`);
    expect(again.body.contactData).toEqual(response.body.contactData);
  });

  it('keeps one value per identifier type and one entry per contact value', async () => {
    const id = await seedCustomer(acme.agent.tenantId, { name: 'Gus' });
    await as(acme.agent).patch(`/api/v1/customers/${id}`, {
      addContactData: [{ type: 'phone', value: '+15550104004' }],
      addUniqueIdentifiers: [{ type: 'loyaltyCard', value: '1' }],
    });
    const response = await as(acme.agent).patch(`/api/v1/customers/${id}`, {
      addContactData: [{ type: 'phone', value: '+1 555 010 4004', grantsAccess: true }],
      addUniqueIdentifiers: [{ type: 'loyaltyCard', value: '2' }],
    });
    expect(response.body.contactData).toEqual([
      { type: 'phone', value: '+15550104004', display: '+1 555 010 4004', grantsAccess: true },
    ]);
    expect(response.body.uniqueIdentifiers).toEqual([{ type: 'loyaltyCard', value: '2' }]);
    const removed = await as(acme.agent).patch(`/api/v1/customers/${id}`, {
      removeUniqueIdentifiers: [{ type: 'loyaltyCard', value: '1' }],
    });
    expect(removed.body.uniqueIdentifiers).toEqual([{ type: 'loyaltyCard', value: '2' }]);
  });

  it('keeps what two agents add at the same time', async () => {
    const id = await seedCustomer(acme.agent.tenantId, { name: 'Hana' });
    const phones = ['+15550105001', '+15550105002', '+15550105003', '+15550105004'];
    const responses = await Promise.all([
      ...phones.map((value, n) =>
        as(n % 2 ? acme.agent : acme.supervisor).patch(`/api/v1/customers/${id}`, {
          addContactData: [{ type: 'phone', value }],
        }),
      ),
      as(acme.agent).patch(`/api/v1/customers/${id}`, { addUniqueIdentifiers: [{ type: 'crmId', value: 'H-1' }] }),
      as(acme.supervisor).patch(`/api/v1/customers/${id}`, {
        addContactData: [{ type: 'email', value: 'h@x.example' }],
      }),
    ]);
    expect(responses.map((response) => response.status)).toEqual(responses.map(() => 200));
    const profile = await as(acme.agent).get(`/api/v1/customers/${id}`);
    expect(profile.body.contactData.map((datum: { value: string }) => datum.value).sort()).toEqual(
      [...phones, 'h@x.example'].sort(),
    );
    expect(profile.body.uniqueIdentifiers).toEqual([{ type: 'crmId', value: 'H-1' }]);
  });

  it.each([
    ['an invalid phone', { addContactData: [{ type: 'phone', value: '+1 23' }] }, 'addContactData.0.value'],
    [
      'a national phone without country',
      { addContactData: [{ type: 'phone', value: '(555) 010-1001' }] },
      'addContactData.0.value',
    ],
    ['an invalid email', { addContactData: [{ type: 'email', value: 'nobody' }] }, 'addContactData.0.value'],
    ['an unknown contact type', { addContactData: [{ type: 'fax', value: '1' }] }, 'addContactData.0.type'],
    [
      'an identifier type that is no name',
      { addUniqueIdentifiers: [{ type: '9lives', value: '1' }] },
      'addUniqueIdentifiers.0.type',
    ],
    [
      'an empty identifier value',
      { addUniqueIdentifiers: [{ type: 'crmId', value: '  ' }] },
      'addUniqueIdentifiers.0.value',
    ],
    [
      'two values of one identifier type',
      {
        addUniqueIdentifiers: [
          { type: 'crmId', value: '1' },
          { type: 'crmId', value: '2' },
        ],
      },
      'addUniqueIdentifiers.1.type',
    ],
    ['an unknown kind', { kind: 'vip' }, 'kind'],
    ['an unknown field', { notes: 'x' }, 'notes'],
  ])('refuses %s with 400 validation_failed naming the field', async (_case, body, field) => {
    const id = await seedCustomer(acme.agent.tenantId, { name: 'Ivy' });
    const response = await as(acme.agent).patch(`/api/v1/customers/${id}`, body);
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('validation_failed');
    expect(response.body.errors.map((error: { field: string }) => error.field)).toContain(field);
    expect((await as(acme.agent).get(`/api/v1/customers/${id}`)).body.contactData).toEqual([]);
  });

  it('redirects an edit of a merged-away customer and changes nothing', async () => {
    const survivor = await seedCustomer(acme.agent.tenantId, { name: 'Survivor' });
    const victim = await seedCustomer(acme.agent.tenantId, { name: 'Victim' });
    await tombstone(acme.agent.tenantId, victim, survivor);
    const response = await as(acme.agent).patch(`/api/v1/customers/${victim}`, { name: 'Renamed' });
    expect(response.status).toBe(308);
    expect(response.headers.location).toBe(`/api/v1/customers/${survivor}`);
    const survivorNow = await as(acme.agent).get(`/api/v1/customers/${survivor}`);
    expect(survivorNow.body.name).toBe('Survivor');
  });

  it('answers 404 for another tenant’s customer', async () => {
    const id = await seedCustomer(acme.agent.tenantId, { name: 'Private' });
    const response = await as(globex.agent).patch(`/api/v1/customers/${id}`, { name: 'Mine' });
    expect(response.status).toBe(404);
    expect((await as(acme.agent).get(`/api/v1/customers/${id}`)).body.name).toBe('Private');
  });

  it('tells the tenant’s consoles and queues a duplicate check when contact data changed', async () => {
    const id = await seedCustomer(acme.agent.tenantId, { name: 'Jay' });
    const agentConsole = await RecordingConsole.connect(api.url, as(acme.agent).token);
    try {
      const response = await as(acme.agent).patch(`/api/v1/customers/${id}`, {
        addContactData: [{ type: 'email', value: 'jay@example.com' }],
      });
      expect(response.status).toBe(200);
      expect(await agentConsole.next('customer.updated', (event) => event.customerId === id)).toMatchObject({
        customerId: id,
        tenantId: acme.agent.tenantId,
      });
      const jobId = `check-${acme.agent.tenantId}-contact-${id}-${Date.parse(response.body.updatedAt)}`;
      const job = await suggestions.getJob(jobId);
      expect(job?.name).toBe('customer.check');
      expect(job?.data).toEqual({ tenantId: acme.agent.tenantId, customerId: id, reason: 'contact.changed' });
    } finally {
      agentConsole.close();
    }
  });

  it('queues no duplicate check for a name change, nor for an edit that changes nothing', async () => {
    const id = await seedCustomer(acme.agent.tenantId, {
      name: 'Kim',
      contactData: [{ type: 'email', value: 'kim@example.com', display: 'kim@example.com', grantsAccess: false }],
    });
    expect((await as(acme.agent).patch(`/api/v1/customers/${id}`, { name: 'Kim Park' })).status).toBe(200);
    const unchanged = await as(acme.agent).patch(`/api/v1/customers/${id}`, {
      addContactData: [{ type: 'email', value: 'kim@example.com' }],
      removeContactData: [{ type: 'phone', value: '+15550109999' }],
    });
    expect(unchanged.status).toBe(200);
    expect(await checkJobsOf(id)).toEqual([]);
  });
});

describe('GET /api/v1/customers/:id/conversations', () => {
  it('pages through the conversations, last message first, ties broken by id', async () => {
    const tenantId = acme.agent.tenantId;
    const id = await seedCustomer(tenantId, { name: 'Lou' });
    const identity = await seedIdentity(tenantId, id, { kind: 'whatsapp', address: '+15550106006' });
    const sameTime = new Date('2026-03-05T08:00:00Z');
    const created: { id: string; at: Date }[] = [];
    for (let n = 0; n < 5; n++) {
      const at = n < 3 ? sameTime : new Date(sameTime.getTime() + n * 60_000);
      created.push({ id: await seedConversation(tenantId, id, identity, `lou-${n}`, at), at });
    }
    const expected = [...created]
      .sort((a, b) => b.at.getTime() - a.at.getTime() || (b.id < a.id ? -1 : 1))
      .map((conversation) => conversation.id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `&cursor=${cursor}` : '';
      const response = await as(acme.agent).get(`/api/v1/customers/${id}/conversations?limit=2${query}`);
      expect(response.status).toBe(200);
      seen.push(...response.body.items.map((item: { id: string }) => item.id));
      cursor = response.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(expected);
  });

  it('redirects a merged-away customer to the survivor’s conversations', async () => {
    const survivor = await seedCustomer(acme.agent.tenantId, { name: 'Survivor' });
    const victim = await seedCustomer(acme.agent.tenantId, { name: 'Victim' });
    await tombstone(acme.agent.tenantId, victim, survivor);
    const response = await as(acme.agent).get(`/api/v1/customers/${victim}/conversations`);
    expect(response.status).toBe(308);
    expect(response.headers.location).toBe(`/api/v1/customers/${survivor}/conversations`);
    expect(response.body).toMatchObject({ code: 'customer_merged', survivorId: survivor });
  });

  it('answers 404 for another tenant’s customer and 400 for a cursor of another list', async () => {
    const id = await seedCustomer(acme.agent.tenantId, { name: 'Mo' });
    expect((await as(globex.agent).get(`/api/v1/customers/${id}/conversations`)).status).toBe(404);
    const idCursor = Buffer.from(new Types.ObjectId().toHexString()).toString('base64url');
    const response = await as(acme.agent).get(`/api/v1/customers/${id}/conversations?cursor=${idCursor}`);
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('invalid_cursor');
  });
});

describe('OpenAPI', () => {
  it('documents the customer and conversation routes with their redirects', async () => {
    const { body } = await request(api.url).get('/api/docs-json');
    const paths = body.paths as Record<string, Record<string, { responses: Record<string, unknown> }>>;
    expect(Object.keys(paths['/api/v1/customers/{id}']).sort()).toEqual(['get', 'patch']);
    expect(paths['/api/v1/customers/{id}'].get.responses).toHaveProperty('308');
    expect(paths['/api/v1/customers/{id}/conversations'].get.responses).toHaveProperty('308');
    expect(paths['/api/v1/customers'].get).toBeDefined();
    expect(paths['/api/v1/conversations/{id}/messages'].get).toBeDefined();
    expect(Object.keys(body.components.schemas)).toEqual(
      expect.arrayContaining(['CustomerProfile', 'UpdateCustomerDto', 'AddContactDatumDto', 'MessageView']),
    );
  });
});
