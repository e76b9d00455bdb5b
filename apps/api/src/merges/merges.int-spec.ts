import type { INestApplicationContext } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bullmq';
import { getConnectionToken } from '@nestjs/mongoose';
import type { Queue } from 'bullmq';
import { Types, type Connection } from 'mongoose';
import type request from 'supertest';
import { DEFAULT_IDENTITY_SETTINGS } from '@app/domain';
import {
  ConversationRepository,
  CustomerRepository,
  IdentityRepository,
  MessageRepository,
  type ContactDatum,
  type Role,
  type UniqueIdentifier,
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
  findInvariantViolations,
} from '@app/testing';

let api: InProcessApi;
let worker: INestApplicationContext;
let acme: Record<Role, TestUser>;
let globex: Record<Role, TestUser>;
let as: (user: TestUser) => RestClient;
const channelId = new Types.ObjectId();
const DAY = 24 * 60 * 60 * 1000;
const recently = (days: number): Date => new Date(Date.now() - days * DAY);

interface CustomerSeed {
  name?: string;
  lastActiveAt?: Date;
  contactData?: ContactDatum[];
  uniqueIdentifiers?: UniqueIdentifier[];
  /** An identity per address, each with one conversation of `messages` messages. */
  conversations?: { kind: 'whatsapp' | 'email'; address: string; messages: number }[];
}

let sequence = 0;

/** A customer stored the way the worker stores one: identities, their conversations and messages. */
async function seedCustomer(tenantId: string, seed: CustomerSeed = {}): Promise<string> {
  const id = new Types.ObjectId();
  const customers = api.app.get(CustomerRepository);
  await customers.recordActivity(tenantId, id, seed.lastActiveAt ?? recently(90), { name: seed.name });
  await customers.updateOne(
    { tenantId, _id: id },
    { $set: { contactData: seed.contactData ?? [], uniqueIdentifiers: seed.uniqueIdentifiers ?? [] } },
  );
  for (const { kind, address, messages } of seed.conversations ?? []) {
    const identity = await api.app.get(IdentityRepository).insertOrGet({
      tenantId,
      customerId: id,
      key: `${kind}:${address}`,
      kind,
      channelId,
      anonymous: false,
      identifierType: kind === 'email' ? 'email' : 'phone',
      address,
      displayAddress: address,
    });
    const at = new Date('2026-03-01T10:00:00Z');
    const conversation = await api.app.get(ConversationRepository).recordActivity(tenantId, {
      key: `conversation-${identity._id.toHexString()}`,
      customerId: id,
      identityId: identity._id,
      channelId,
      channelKind: kind,
      at,
    });
    for (let n = 0; n < messages; n += 1) {
      sequence += 1;
      await api.app.get(MessageRepository).insertUnlessKnown({
        tenantId,
        conversationId: conversation._id,
        channelId,
        direction: 'inbound',
        externalId: `message-${sequence}`,
        sentAt: at,
        messageType: 'text',
        text: `hello ${sequence}`,
        attachments: [],
      });
      await api.app.get(ConversationRepository).countMessage(tenantId, conversation._id);
    }
  }
  return id.toHexString();
}

const phone = (value: string, grantsAccess = false): ContactDatum => ({ type: 'phone', value, grantsAccess });
const email = (value: string, grantsAccess = false): ContactDatum => ({ type: 'email', value, grantsAccess });

/** The merge once the worker finished it: a 202 is followed through the merge's job, never by sleeping. */
async function finishedMerge(response: request.Response, user: TestUser): Promise<Record<string, unknown>> {
  expect([200, 202]).toContain(response.status);
  if (response.status === 200) return response.body;
  expect(await worker.get(MergesProducer).waitFor(response.body.id, 20_000)).toBe(true);
  const merge = await as(user).get(`/api/v1/merges/${response.body.id}`);
  expect(merge.status).toBe(200);
  return merge.body;
}

const SETTINGS = {
  ...DEFAULT_IDENTITY_SETTINGS,
  uniqueIdentifierTypes: [{ type: 'loyaltyCard', doNotMergeDifferent: true }],
};

beforeAll(async () => {
  api = await startApiInProcess();
  // Jobs another test file of this Jest worker left in the shared Redis database.
  await Promise.all(
    [QUEUES.merges, QUEUES.suggestions].map((name) =>
      api.app.get<Queue>(getQueueToken(name)).obliterate({ force: true }),
    ),
  );
  // The worker's processors, on the same database and Redis as the api.
  worker = await startIdentityJobs(api.env);

  acme = await createTenantWithUsers(api.app, 'Acme');
  globex = await createTenantWithUsers(api.app, 'Globex');
  as = await signInAll(api.url, [acme.agent, acme.admin, globex.agent]);
  expect((await as(acme.admin).put('/api/v1/settings/identity', SETTINGS)).status).toBe(200);
});

afterAll(async () => {
  await worker?.close();
  await Promise.all(
    [QUEUES.merges, QUEUES.suggestions].map((name) =>
      api?.app.get<Queue>(getQueueToken(name)).obliterate({ force: true }),
    ),
  );
  await api?.close();
});

describe('POST /api/v1/merges/preview', () => {
  it('counts what moves and shows the resulting fields, conflicts and warnings; nothing changes', async () => {
    const tenantId = acme.agent.tenantId;
    const survivor = await seedCustomer(tenantId, {
      name: 'Ann Lee',
      lastActiveAt: recently(2),
      contactData: [email('ann@example.com')],
      conversations: [{ kind: 'whatsapp', address: '+15550101001', messages: 2 }],
    });
    const victim = await seedCustomer(tenantId, {
      name: 'Annie',
      lastActiveAt: recently(1),
      contactData: [phone('+15550101001'), email('ann@example.com')],
      uniqueIdentifiers: [{ type: 'crmId', value: 'C-17' }],
      conversations: [
        { kind: 'email', address: 'annie@example.com', messages: 3 },
        { kind: 'whatsapp', address: '+15550101002', messages: 1 },
      ],
    });

    const response = await as(acme.agent).post('/api/v1/merges/preview', {
      survivorId: survivor,
      victimIds: [victim],
    });

    expect(response.status).toBe(200);
    expect(response.body.survivor).toMatchObject({ id: survivor, name: 'Ann Lee', kind: 'contact' });
    expect(response.body.victims).toEqual([expect.objectContaining({ id: victim, name: 'Annie' })]);
    expect(response.body.moves).toEqual({
      identities: 2,
      conversations: 2,
      identifier_owners: 0,
      messages: 4,
      contactData: 2,
      uniqueIdentifiers: 1,
    });
    expect(response.body.result).toMatchObject({
      name: 'Ann Lee',
      kind: 'contact',
      uniqueIdentifiers: [{ type: 'crmId', value: 'C-17' }],
    });
    expect(response.body.result.contactData).toEqual(
      expect.arrayContaining([email('ann@example.com'), phone('+15550101001')]),
    );
    expect(response.body.result.contactData).toHaveLength(2);
    expect(response.body.conflicts).toEqual([
      {
        field: 'name',
        values: [
          { customerId: survivor, value: 'Ann Lee' },
          { customerId: victim, value: 'Annie' },
        ],
      },
    ]);
    expect(response.body.warnings).toEqual([
      { code: 'both_recently_active', customerIds: [survivor, victim], lastActiveAt: expect.any(Array) },
    ]);
    expect(response.body).toMatchObject({ blocks: [], mergeable: true });

    const profile = await as(acme.agent).get(`/api/v1/customers/${victim}`);
    expect(profile.status).toBe(200);
  });

  it('takes the picked value of a conflicting field, and warns of nothing when one profile is dormant', async () => {
    const tenantId = acme.agent.tenantId;
    const survivor = await seedCustomer(tenantId, { name: 'Bo', lastActiveAt: recently(1) });
    const victim = await seedCustomer(tenantId, { name: 'Bob Stone', lastActiveAt: recently(45) });

    const response = await as(acme.agent).post('/api/v1/merges/preview', {
      survivorId: survivor,
      victimIds: [victim],
      picks: { name: victim },
    });

    expect(response.status).toBe(200);
    expect(response.body.result.name).toBe('Bob Stone');
    expect(response.body.warnings).toEqual([]);
  });

  it('shows guard reason 1: different values of an identifier type flagged "do not merge"', async () => {
    const tenantId = acme.agent.tenantId;
    const survivor = await seedCustomer(tenantId, { uniqueIdentifiers: [{ type: 'loyaltyCard', value: '8812' }] });
    const victim = await seedCustomer(tenantId, { uniqueIdentifiers: [{ type: 'loyaltyCard', value: '9931' }] });

    const response = await as(acme.agent).post('/api/v1/merges/preview', {
      survivorId: survivor,
      victimIds: [victim],
    });

    expect(response.status).toBe(200);
    expect(response.body.mergeable).toBe(false);
    expect(response.body.blocks).toEqual([
      {
        victimId: victim,
        blocks: [
          {
            code: 'different_unique_identifiers',
            identifierType: 'loyaltyCard',
            values: ['8812', '9931'],
            remedies: expect.arrayContaining([expect.stringContaining('Turn off')]),
          },
        ],
      },
    ]);
  });

  it('shows guard reason 2: a login phone on one profile, a login email on the other', async () => {
    const tenantId = acme.agent.tenantId;
    const survivor = await seedCustomer(tenantId, { contactData: [phone('+15550102001', true)] });
    const victim = await seedCustomer(tenantId, { contactData: [email('cy@example.com', true)] });

    const response = await as(acme.agent).post('/api/v1/merges/preview', {
      survivorId: survivor,
      victimIds: [victim],
    });

    expect(response.status).toBe(200);
    expect(response.body.blocks).toEqual([
      {
        victimId: victim,
        blocks: [
          {
            code: 'different_access_contacts',
            survivorOnly: [{ type: 'phone', value: '+15550102001' }],
            victimOnly: [{ type: 'email', value: 'cy@example.com' }],
            remedies: expect.any(Array),
          },
        ],
      },
    ]);
  });

  it.each([
    ['no victims', (a: string) => ({ survivorId: a, victimIds: [] }), 'validation_failed'],
    ['an id that is none', (a: string) => ({ survivorId: a, victimIds: ['nope'] }), 'validation_failed'],
    [
      'a pick of an unknown field',
      (a: string) => ({ survivorId: a, victimIds: [a], picks: { x: a } }),
      'validation_failed',
    ],
    ['the survivor among the victims', (a: string) => ({ survivorId: a, victimIds: [a] }), 'invalid_merge'],
  ])('refuses %s with 400', async (_name, body, code) => {
    const survivor = await seedCustomer(acme.agent.tenantId);
    const response = await as(acme.agent).post('/api/v1/merges/preview', body(survivor));
    expect(response.status).toBe(400);
    expect(response.body.code).toBe(code);
  });

  it('refuses a pick of a customer without the field with 400 invalid_pick', async () => {
    const survivor = await seedCustomer(acme.agent.tenantId, { name: 'Di' });
    const victim = await seedCustomer(acme.agent.tenantId);
    const response = await as(acme.agent).post('/api/v1/merges/preview', {
      survivorId: survivor,
      victimIds: [victim],
      picks: { name: victim },
    });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ code: 'invalid_pick', field: 'name', customerId: victim });
  });
});

describe('POST /api/v1/merges', () => {
  it('merges: the victim’s identities and conversations belong to the survivor, the victim redirects', async () => {
    const tenantId = acme.agent.tenantId;
    const survivor = await seedCustomer(tenantId, {
      name: 'Eve Park',
      contactData: [email('eve@example.com')],
      conversations: [{ kind: 'whatsapp', address: '+15550103001', messages: 2 }],
    });
    const victim = await seedCustomer(tenantId, {
      contactData: [phone('+15550103002')],
      uniqueIdentifiers: [{ type: 'crmId', value: 'E-1' }],
      conversations: [{ kind: 'email', address: 'eve.park@example.com', messages: 3 }],
    });

    const response = await as(acme.agent).post('/api/v1/merges', { survivorId: survivor, victimIds: [victim] });
    const merge = await finishedMerge(response, acme.agent);

    expect(merge).toMatchObject({
      status: 'done',
      survivorId: survivor,
      victimIds: [victim],
      trigger: 'manual',
      actorId: acme.agent.id,
      moved: { identities: 1, conversations: 1, messages: 3 },
      finishedAt: expect.any(String),
    });
    expect(merge.completedSteps).toEqual(expect.arrayContaining(['move-conversations', 'tombstone-victims']));
    const conversations = api.app.get(ConversationRepository);
    const survivorId = new Types.ObjectId(survivor);
    expect(await conversations.count({ tenantId, customerId: new Types.ObjectId(victim) })).toBe(0);
    expect(await conversations.count({ tenantId, customerId: survivorId })).toBe(2);
    expect(await api.app.get(IdentityRepository).count({ tenantId, customerId: survivorId })).toBe(2);

    const redirected = await as(acme.agent).get(`/api/v1/customers/${victim}`);
    expect(redirected.status).toBe(308);
    expect(redirected.headers.location).toBe(`/api/v1/customers/${survivor}`);
    expect(redirected.body).toMatchObject({ code: 'customer_merged', survivorId: survivor });
    const profile = await as(acme.agent).get(`/api/v1/customers/${survivor}`);
    expect(profile.body).toMatchObject({ name: 'Eve Park', uniqueIdentifiers: [{ type: 'crmId', value: 'E-1' }] });
    expect(profile.body.contactData.map((contact: ContactDatum) => contact.value).sort()).toEqual([
      '+15550103002',
      'eve@example.com',
    ]);

    const again = await as(acme.agent).get(`/api/v1/merges/${merge.id as string}`);
    expect(again.body).toEqual(merge);
    const connection = api.app.get<Connection>(getConnectionToken());
    expect(await findInvariantViolations(connection, new Types.ObjectId(tenantId))).toEqual([]);
  });

  it('refuses a merged-away customer with 409 customer_merged naming its survivor', async () => {
    const tenantId = acme.agent.tenantId;
    const survivor = await seedCustomer(tenantId);
    const victim = await seedCustomer(tenantId);
    const other = await seedCustomer(tenantId);
    await finishedMerge(
      await as(acme.agent).post('/api/v1/merges', { survivorId: survivor, victimIds: [victim] }),
      acme.agent,
    );

    const response = await as(acme.agent).post('/api/v1/merges', { survivorId: other, victimIds: [victim] });

    expect(response.status).toBe(409);
    expect(response.body).toMatchObject({ code: 'customer_merged', customerId: victim, survivorId: survivor });
  });

  it('refuses a blocked merge with 409 merge_blocked and the guard’s explanation; nothing moves', async () => {
    const tenantId = acme.agent.tenantId;
    const survivor = await seedCustomer(tenantId, { uniqueIdentifiers: [{ type: 'loyaltyCard', value: '1001' }] });
    const victim = await seedCustomer(tenantId, {
      uniqueIdentifiers: [{ type: 'loyaltyCard', value: '2002' }],
      conversations: [{ kind: 'whatsapp', address: '+15550104001', messages: 1 }],
    });

    const response = await as(acme.agent).post('/api/v1/merges', { survivorId: survivor, victimIds: [victim] });

    expect(response.status).toBe(409);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({
      status: 409,
      code: 'merge_blocked',
      blocks: [
        {
          victimId: victim,
          blocks: [
            {
              code: 'different_unique_identifiers',
              identifierType: 'loyaltyCard',
              values: ['1001', '2002'],
              remedies: [expect.stringContaining('Remove'), expect.stringContaining('Turn off')],
            },
          ],
        },
      ],
    });
    expect(await api.app.get(ConversationRepository).count({ tenantId, customerId: new Types.ObjectId(victim) })).toBe(
      1,
    );
    expect((await as(acme.agent).get(`/api/v1/customers/${victim}`)).status).toBe(200);
  });

  it('answers 404 for the customers and merges of another tenant', async () => {
    const tenantId = acme.agent.tenantId;
    const survivor = await seedCustomer(tenantId);
    const victim = await seedCustomer(tenantId);
    const theirs = await seedCustomer(globex.agent.tenantId);

    const acrossTenants = await as(acme.agent).post('/api/v1/merges', { survivorId: survivor, victimIds: [theirs] });
    expect(acrossTenants.status).toBe(404);
    expect(acrossTenants.body).toMatchObject({ code: 'customer_not_found', customerId: theirs });

    const preview = await as(globex.agent).post('/api/v1/merges/preview', {
      survivorId: theirs,
      victimIds: [survivor],
    });
    expect(preview.status).toBe(404);

    const merge = await finishedMerge(
      await as(acme.agent).post('/api/v1/merges', { survivorId: survivor, victimIds: [victim] }),
      acme.agent,
    );
    const foreign = await as(globex.agent).get(`/api/v1/merges/${merge.id as string}`);
    expect(foreign.status).toBe(404);
    expect(foreign.body.code).toBe('not_found');
    expect((await as(acme.agent).get('/api/v1/merges/not-an-id')).status).toBe(404);
  });

  it('refuses a suggestion id of another tenant with 404', async () => {
    const tenantId = acme.agent.tenantId;
    const survivor = await seedCustomer(tenantId);
    const victim = await seedCustomer(tenantId);
    const response = await as(acme.agent).post('/api/v1/merges', {
      survivorId: survivor,
      victimIds: [victim],
      suggestionId: new Types.ObjectId().toHexString(),
    });
    expect(response.status).toBe(404);
    expect(response.body.code).toBe('suggestion_not_found');
  });
});

describe('POST /api/v1/merges with several victims', () => {
  /** How many identities and conversations each customer holds. */
  async function holdings(tenantId: string, ids: string[]): Promise<number[][]> {
    return Promise.all(
      ids.map(async (id) => [
        await api.app.get(IdentityRepository).count({ tenantId, customerId: new Types.ObjectId(id) }),
        await api.app.get(ConversationRepository).count({ tenantId, customerId: new Types.ObjectId(id) }),
      ]),
    );
  }

  it('refuses the whole request when a guard blocks one of three victims, naming that pair; nothing moves', async () => {
    const tenantId = acme.agent.tenantId;
    const survivor = await seedCustomer(tenantId, { uniqueIdentifiers: [{ type: 'loyaltyCard', value: '3001' }] });
    const first = await seedCustomer(tenantId, {
      conversations: [{ kind: 'whatsapp', address: '+15550105001', messages: 1 }],
    });
    const blocked = await seedCustomer(tenantId, {
      uniqueIdentifiers: [{ type: 'loyaltyCard', value: '3002' }],
      conversations: [{ kind: 'whatsapp', address: '+15550105002', messages: 1 }],
    });
    const third = await seedCustomer(tenantId, {
      conversations: [{ kind: 'email', address: 'third.3001@example.com', messages: 2 }],
    });
    const before = await holdings(tenantId, [survivor, first, blocked, third]);

    const response = await as(acme.agent).post('/api/v1/merges', {
      survivorId: survivor,
      victimIds: [first, blocked, third],
    });

    expect(response.status).toBe(409);
    expect(response.body).toMatchObject({
      code: 'merge_blocked',
      blocks: [
        {
          victimId: blocked,
          blocks: [{ code: 'different_unique_identifiers', identifierType: 'loyaltyCard', values: ['3001', '3002'] }],
        },
      ],
    });
    expect(response.body.blocks).toHaveLength(1);
    expect(before).toEqual([
      [0, 0],
      [1, 1],
      [1, 1],
      [1, 1],
    ]);
    expect(await holdings(tenantId, [survivor, first, blocked, third])).toEqual(before);
    for (const id of [first, blocked, third]) {
      expect((await as(acme.agent).get(`/api/v1/customers/${id}`)).status).toBe(200);
    }
  });

  it('merges three victims into one survivor: everything of each moves, each a tombstone pointing to it', async () => {
    const tenantId = acme.agent.tenantId;
    const survivor = await seedCustomer(tenantId, {
      name: 'Gil Ortega',
      conversations: [{ kind: 'whatsapp', address: '+15550106000', messages: 1 }],
    });
    const victims = [
      await seedCustomer(tenantId, {
        contactData: [phone('+15550106001')],
        conversations: [{ kind: 'whatsapp', address: '+15550106001', messages: 2 }],
      }),
      await seedCustomer(tenantId, {
        uniqueIdentifiers: [{ type: 'loyaltyCard', value: '4001' }],
        conversations: [{ kind: 'email', address: 'gil.ortega@example.com', messages: 3 }],
      }),
      await seedCustomer(tenantId, {
        contactData: [email('gil@example.com')],
        conversations: [
          { kind: 'email', address: 'gil@example.com', messages: 1 },
          { kind: 'whatsapp', address: '+15550106003', messages: 1 },
        ],
      }),
    ];

    const merge = await finishedMerge(
      await as(acme.agent).post('/api/v1/merges', { survivorId: survivor, victimIds: victims }),
      acme.agent,
    );

    expect(merge).toMatchObject({
      status: 'done',
      survivorId: survivor,
      victimIds: victims,
      moved: { identities: 4, conversations: 4, messages: 7, contactData: 2, uniqueIdentifiers: 1 },
    });
    expect(await holdings(tenantId, [survivor, ...victims])).toEqual([
      [5, 5],
      [0, 0],
      [0, 0],
      [0, 0],
    ]);
    for (const victim of victims) {
      const redirected = await as(acme.agent).get(`/api/v1/customers/${victim}`);
      expect(redirected.status).toBe(308);
      expect(redirected.body).toMatchObject({ code: 'customer_merged', survivorId: survivor });
    }
    const profile = await as(acme.agent).get(`/api/v1/customers/${survivor}`);
    expect(profile.body).toMatchObject({
      name: 'Gil Ortega',
      uniqueIdentifiers: [{ type: 'loyaltyCard', value: '4001' }],
    });
    expect(profile.body.contactData.map((contact: ContactDatum) => contact.value).sort()).toEqual([
      '+15550106001',
      'gil@example.com',
    ]);
    const connection = api.app.get<Connection>(getConnectionToken());
    expect(await findInvariantViolations(connection, new Types.ObjectId(tenantId))).toEqual([]);
  });
});
