import type { INestApplicationContext } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bullmq';
import { getModelToken } from '@nestjs/mongoose';
import type { Queue } from 'bullmq';
import { Types, type Model } from 'mongoose';
import request from 'supertest';
import {
  Customer,
  IdentifierClaim,
  MergeLockRepository,
  MergeRepository,
  type ContactDatum,
  type Role,
  type UniqueIdentifier,
} from '@app/persistence';
import { MergesProducer, QUEUES } from '@app/queue';
import {
  createTenantWithUsers,
  holdBefore,
  signInAll,
  startApiInProcess,
  startIdentityJobs,
  type InProcessApi,
  type RestClient,
  type TestUser,
} from '@app/testing';
import {
  identifyTable,
  IDENTIFY_EMAIL_A,
  IDENTIFY_P1,
  IDENTIFY_P2,
  IDENTIFY_REQUEST,
  type HeldIdentifiers,
} from '@app/testing/fixtures';
import { IdentifyService } from './identify.service.js';

let api: InProcessApi;
let worker: INestApplicationContext;
let customers: Model<Customer>;
let as: (user: TestUser) => RestClient;
/** Skip-secondary off and on: one tenant each, so the settings of a row are those of its tenant. */
const tenants: Record<'off' | 'on', { users: Record<Role, TestUser>; key: string }> = {} as never;
let globex: { users: Record<Role, TestUser>; key: string };
/** Identify merges the customer it took identifiers from into the one kept. */
let tombstoning: { users: Record<Role, TestUser>; key: string };
/** Identify keeps the older customer, whatever its kind. */
let byAge: { users: Record<Role, TestUser>; key: string };
let serial = 0;

const settings = (skipSecondary: boolean, more: object = {}) => ({
  uniqueIdentifierTypes: [{ type: 'loyaltyCard', doNotMergeDifferent: true }],
  accessGrantingContactTypes: ['phone', 'email'],
  primaryIdentifier: 'phone',
  skipSecondary,
  enforceUniqueBy: 'off',
  sharedContactThreshold: 5,
  blocklist: [],
  ...more,
});

/** A tenant with the settings of one skip-secondary value and a connector key of an api channel. */
async function configure(users: Record<Role, TestUser>, skipSecondary: boolean, more: object = {}) {
  expect((await as(users.admin).put('/api/v1/settings/identity', settings(skipSecondary, more))).status).toBe(200);
  const channel = await as(users.admin).post('/api/v1/channels', { kind: 'api', name: 'POS' });
  const key = await as(users.admin).post(`/api/v1/channels/${channel.body.id}/api-keys`, { name: 'POS sync' });
  return { users, key: key.body.key as string };
}

function identify(key: string, body: object) {
  return request(api.url).post('/api/v1/customers/identify').set('Authorization', `Bearer ${key}`).send(body);
}

const requestId = () => `req-${++serial}`;

interface Seed {
  kind?: 'member' | 'contact';
  contactData?: ContactDatum[];
  uniqueIdentifiers?: UniqueIdentifier[];
  createdAt?: Date;
}

async function seed(tenantId: string, { kind = 'contact', contactData = [], uniqueIdentifiers = [], createdAt }: Seed) {
  const [created] = await customers.insertMany([
    {
      tenantId: new Types.ObjectId(tenantId),
      kind,
      contactData,
      uniqueIdentifiers,
      mergedInto: null,
      ...(createdAt ? { createdAt } : {}),
    },
  ]);
  return created._id.toHexString();
}

/**
 * Deletes the tenant's customers, and identify's claims of the values it created them with: a claim of a customer
 * that never appears is taken for a crashed call's only after a wait.
 */
async function forgetCustomers(tenantId: string): Promise<void> {
  const tenant = new Types.ObjectId(tenantId);
  await customers.deleteMany({ tenantId: tenant });
  await api.app.get<Model<IdentifierClaim>>(getModelToken(IdentifierClaim.name)).deleteMany({ tenantId: tenant });
}

const datum = (type: 'phone' | 'email', value: string, grantsAccess = false): ContactDatum => ({
  type,
  value,
  grantsAccess,
});

/** Every customer of the tenant as the table writes it, named by the letter it was seeded as (`new` otherwise). */
async function stateOf(tenantId: string, names: Map<string, string>): Promise<Record<string, HeldIdentifiers>> {
  const stored = await customers.find({ tenantId: new Types.ObjectId(tenantId) }).lean();
  return Object.fromEntries(
    stored.map((customer) => {
      const held = (type: string) => customer.contactData.filter((d) => d.type === type).map((d) => d.value);
      const [email, ...moreEmails] = held('email');
      const [phone, ...morePhones] = held('phone');
      expect([...moreEmails, ...morePhones]).toEqual([]);
      return [
        names.get(customer._id.toHexString()) ?? 'new',
        JSON.parse(JSON.stringify({ kind: customer.kind, email, phone })) as HeldIdentifiers,
      ];
    }),
  );
}

const held = ({ email, phone }: HeldIdentifiers): ContactDatum[] => [
  ...(email ? [datum('email', email)] : []),
  ...(phone ? [datum('phone', phone)] : []),
];

const queuesOfThisFile = () =>
  [QUEUES.merges, QUEUES.suggestions].map((name) => api.app.get<Queue>(getQueueToken(name)));

beforeAll(async () => {
  api = await startApiInProcess();
  // Jobs another test file of this Jest worker left in the shared Redis database.
  await Promise.all(queuesOfThisFile().map((queue) => queue.obliterate({ force: true })));
  // The worker's processors run the merges the tombstone setting starts.
  worker = await startIdentityJobs(api.env);
  customers = api.app.get<Model<Customer>>(getModelToken(Customer.name));
  const [acme, initech, other, umbrella, hooli] = await Promise.all(
    ['Acme', 'Initech', 'Globex', 'Umbrella', 'Hooli'].map((name) => createTenantWithUsers(api.app, name)),
  );
  as = await signInAll(
    api.url,
    [acme, initech, other, umbrella, hooli].flatMap((users) => Object.values(users)),
  );
  tenants.off = await configure(acme, false);
  tenants.on = await configure(initech, true);
  globex = await configure(other, false);
  tombstoning = await configure(umbrella, false, { identifyMergeVictim: 'tombstone' });
  byAge = await configure(hooli, false, { survivorPreference: 'older' });
}, 60_000);

afterAll(async () => {
  await worker?.close();
  if (api) await Promise.all(queuesOfThisFile().map((queue) => queue.obliterate({ force: true })));
  await api?.close();
});

describe('POST /api/v1/customers/identify: DOMAIN §7 over HTTP, request { email: a, phone: p2 }', () => {
  it.each(identifyTable().map((row) => [row.example.example, row.skipSecondary ? 'on' : 'off', row] as const))(
    'example %i, skip secondary %s',
    async (_example, setting, { example, outcome }) => {
      const { users, key } = tenants[setting];
      const tenantId = users.admin.tenantId;
      await forgetCustomers(tenantId);
      const names = new Map<string, string>();
      for (const [name, state] of Object.entries(example.before)) {
        names.set(await seed(tenantId, { kind: state.kind, contactData: held(state) }), name);
      }
      const before = await stateOf(tenantId, names);
      expect(before).toEqual(JSON.parse(JSON.stringify(example.before)));

      const response = await identify(key, { ...IDENTIFY_REQUEST, requestId: requestId() });

      if (outcome.action === 'conflict') {
        expect(response.status).toBe(409);
        expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
        expect(response.body).toMatchObject({ code: 'identify_conflict', reason: outcome.code });
        expect(new Set(response.body.customerIds)).toEqual(new Set(names.keys()));
        expect(await stateOf(tenantId, names)).toEqual(before);
        return;
      }
      expect(response.status).toBe(outcome.action === 'create' ? 201 : 200);
      expect(response.body.action).toBe(outcome.action);
      expect(await stateOf(tenantId, names)).toEqual(JSON.parse(JSON.stringify(outcome.after)));
      const resultName = names.get(response.body.customer.id) ?? 'new';
      expect(resultName).toBe(outcome.action === 'create' ? 'new' : 'M' in outcome.after ? 'M' : 'C');
      expect(response.body.customer).toMatchObject({
        kind: outcome.after[resultName].kind,
        contactData: expect.arrayContaining([expect.objectContaining({ type: 'phone', value: IDENTIFY_P2 })]),
      });
      const changed = response.body.changes.map(
        (change: { customerId: string }) => names.get(change.customerId) ?? 'new',
      );
      const expectedChanged = Object.keys(outcome.after).filter(
        (name) => JSON.stringify(outcome.after[name]) !== JSON.stringify(example.before[name]),
      );
      expect(new Set(changed)).toEqual(new Set(expectedChanged));
    },
  );
});

describe('POST /api/v1/customers/identify guards, replays, roles and tenancy', () => {
  const off = () => tenants.off;

  beforeEach(async () => {
    await forgetCustomers(off().users.admin.tenantId);
  });

  it('refuses a transfer between customers holding different loyalty cards (reason 1), explaining, changing nothing', async () => {
    const tenantId = off().users.admin.tenantId;
    const contact = await seed(tenantId, {
      contactData: [datum('email', IDENTIFY_EMAIL_A)],
      uniqueIdentifiers: [{ type: 'loyaltyCard', value: '1111' }],
    });
    const member = await seed(tenantId, {
      kind: 'member',
      contactData: [datum('phone', IDENTIFY_P2)],
      uniqueIdentifiers: [{ type: 'loyaltyCard', value: '2222' }],
    });
    const names = new Map([
      [contact, 'C'],
      [member, 'M'],
    ]);
    const before = await stateOf(tenantId, names);
    const response = await identify(off().key, { ...IDENTIFY_REQUEST, requestId: requestId() });
    expect(response.status).toBe(409);
    expect(response.body).toMatchObject({
      code: 'identify_conflict',
      reason: 'merge_blocked',
      customerIds: [member, contact],
      blocks: [
        {
          code: 'different_unique_identifiers',
          identifierType: 'loyaltyCard',
          values: ['2222', '1111'],
          remedies: [expect.stringContaining('Remove the loyaltyCard'), expect.stringContaining('Turn off')],
        },
      ],
    });
    expect(await stateOf(tenantId, names)).toEqual(before);
  });

  it('refuses a transfer between customers with different access-granting contacts (reason 2)', async () => {
    const tenantId = off().users.admin.tenantId;
    const contact = await seed(tenantId, { contactData: [datum('email', IDENTIFY_EMAIL_A, true)] });
    const member = await seed(tenantId, { kind: 'member', contactData: [datum('phone', IDENTIFY_P2, true)] });
    const response = await identify(off().key, { ...IDENTIFY_REQUEST, requestId: requestId() });
    expect(response.status).toBe(409);
    expect(response.body).toMatchObject({
      reason: 'merge_blocked',
      customerIds: [member, contact],
      blocks: [
        {
          code: 'different_access_contacts',
          survivorOnly: [{ type: 'phone', value: IDENTIFY_P2 }],
          victimOnly: [{ type: 'email', value: IDENTIFY_EMAIL_A }],
        },
      ],
    });
  });

  it('finds a customer by its loyalty card when no one holds the phone, and gives it the phone', async () => {
    const tenantId = off().users.admin.tenantId;
    const member = await seed(tenantId, {
      kind: 'member',
      uniqueIdentifiers: [{ type: 'loyaltyCard', value: '8812' }],
    });
    const response = await identify(off().key, {
      phone: IDENTIFY_P1,
      uniqueIdentifiers: [{ type: 'loyaltyCard', value: '8812' }],
      requestId: requestId(),
    });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      action: 'update',
      customer: { id: member, contactData: [expect.objectContaining({ type: 'phone', value: IDENTIFY_P1 })] },
      changes: [{ customerId: member, added: [{ type: 'phone', value: IDENTIFY_P1 }], removed: [] }],
    });
    expect(await customers.countDocuments({ tenantId: new Types.ObjectId(tenantId) })).toBe(1);
  });

  it('answers a replayed requestId as the first call did, creating nothing twice', async () => {
    const tenantId = off().users.admin.tenantId;
    const body = { phone: '+1 202 555 0177', email: 'Zoe@Example.com', name: 'Zoe', requestId: requestId() };
    const first = await identify(off().key, body);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      action: 'create',
      customer: {
        name: 'Zoe',
        kind: 'contact',
        contactData: [
          { type: 'phone', value: '+12025550177', display: '+1 202 555 0177', grantsAccess: false },
          { type: 'email', value: 'zoe@example.com', grantsAccess: false },
        ],
      },
    });
    const replay = await identify(off().key, { ...body, name: 'Someone else' });
    expect(replay.status).toBe(201);
    expect(replay.body).toEqual(first.body);
    expect(await customers.countDocuments({ tenantId: new Types.ObjectId(tenantId) })).toBe(1);

    const next = await identify(off().key, { ...body, requestId: requestId() });
    expect(next.status).toBe(200);
    expect(next.body).toMatchObject({ action: 'update', customer: { id: first.body.customer.id }, changes: [] });
  });

  it('answers a replayed conflict with the same 409', async () => {
    const tenantId = off().users.admin.tenantId;
    await seed(tenantId, { contactData: [datum('email', IDENTIFY_EMAIL_A, true)] });
    await seed(tenantId, { kind: 'member', contactData: [datum('phone', IDENTIFY_P2, true)] });
    const body = { ...IDENTIFY_REQUEST, requestId: requestId() };
    const first = await identify(off().key, body);
    const replay = await identify(off().key, body);
    expect(first.status).toBe(409);
    expect(replay.status).toBe(409);
    expect(replay.body).toEqual(first.body);
  });

  it('records the change in the audit trail with the connector key as its actor', async () => {
    const { users, key } = off();
    const response = await identify(key, { phone: IDENTIFY_P1, requestId: requestId() });
    expect(response.status).toBe(201);
    const trail = await as(users.supervisor).get(`/api/v1/customers/${response.body.customer.id}/audit`);
    expect(trail.body.items).toEqual([
      expect.objectContaining({
        type: 'customer.updated',
        actor: expect.objectContaining({ kind: 'connector' }),
        trigger: expect.objectContaining({ kind: 'request' }),
      }),
    ]);
  });

  it.each(['agent', 'supervisor'] as const)('refuses a %s with 403, and an admin may call it', async (role) => {
    const { users } = off();
    const refused = await as(users[role]).post('/api/v1/customers/identify', {
      phone: IDENTIFY_P1,
      requestId: requestId(),
    });
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('forbidden');
    const allowed = await as(users.admin).post('/api/v1/customers/identify', {
      phone: IDENTIFY_P1,
      requestId: requestId(),
    });
    expect(allowed.status).toBe(201);
    expect(await customers.countDocuments({ tenantId: new Types.ObjectId(users.admin.tenantId) })).toBe(1);
  });

  it('refuses a call without a valid key or token with 401, and a request without identifiers with 400', async () => {
    const missing = await request(api.url).post('/api/v1/customers/identify').send({ requestId: requestId() });
    expect(missing.status).toBe(401);
    const forged = await identify(`cck_${new Types.ObjectId().toHexString()}_${'x'.repeat(43)}`, {
      phone: IDENTIFY_P1,
      requestId: requestId(),
    });
    expect(forged.status).toBe(401);
    const empty = await identify(off().key, { requestId: requestId() });
    expect(empty.status).toBe(400);
    expect(empty.body.code).toBe('validation_failed');
  });

  it('stays in its tenant: the same values and request id elsewhere reach another tenant’s customers only', async () => {
    const acmeId = off().users.admin.tenantId;
    const globexId = globex.users.admin.tenantId;
    await forgetCustomers(globexId);
    const acmeCustomer = await seed(acmeId, { contactData: [datum('phone', IDENTIFY_P2)] });
    const body = { ...IDENTIFY_REQUEST, requestId: requestId() };
    const inGlobex = await identify(globex.key, body);
    expect(inGlobex.status).toBe(201);
    expect(inGlobex.body.customer.id).not.toBe(acmeCustomer);
    const inAcme = await identify(off().key, body);
    expect(inAcme.status).toBe(200);
    expect(inAcme.body).toMatchObject({ action: 'update', customer: { id: acmeCustomer } });
    expect(await customers.countDocuments({ tenantId: new Types.ObjectId(globexId) })).toBe(1);
    expect(await customers.countDocuments({ tenantId: new Types.ObjectId(acmeId) })).toBe(1);
  });

  it('is described in the OpenAPI document with its answers', async () => {
    const openapi = await request(api.url).get('/api/docs-json');
    const operation = openapi.body.paths['/api/v1/customers/identify'].post;
    expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(['200', '201', '400', '403', '409']));
    expect(operation.requestBody.content['application/json'].schema.$ref).toMatch(/IdentifyCustomerDto$/);
  });
});

describe('POST /api/v1/customers/identify with identifyMergeVictim: tombstone', () => {
  const tenantOf = () => tombstoning.users.admin.tenantId;
  const keyIdOf = (key: string) => key.split('_')[1];

  beforeEach(async () => {
    await forgetCustomers(tenantOf());
  });

  /** Example 2 of the table: contact C {a, p1}, member M {–, p2}. */
  async function seedExample2() {
    const contact = await seed(tenantOf(), {
      contactData: [datum('email', IDENTIFY_EMAIL_A), datum('phone', IDENTIFY_P1)],
    });
    const member = await seed(tenantOf(), { kind: 'member', contactData: [datum('phone', IDENTIFY_P2)] });
    return { contact, member };
  }

  /** The merge once its job finished, as the api shows it. */
  async function mergeDone(mergeId: string) {
    expect(await worker.get(MergesProducer).waitFor(mergeId, 60_000)).toBe(true);
    const merge = await as(tombstoning.users.admin).get(`/api/v1/merges/${mergeId}`);
    expect(merge.body.status).toBe('done');
    return merge.body;
  }

  it('moves the identifiers, then merges the contact into the member by an ordinary merge, audited and undoable', async () => {
    const { contact, member } = await seedExample2();
    const body = { ...IDENTIFY_REQUEST, requestId: requestId() };
    const response = await identify(tombstoning.key, body);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      action: 'merge',
      customer: { id: member },
      merge: { id: expect.any(String), status: expect.stringMatching(/^(running|done)$/) },
    });
    expect(response.body.changes.map((change: { customerId: string }) => change.customerId).sort()).toEqual(
      [member, contact].sort(),
    );
    const merge = await mergeDone(response.body.merge.id);
    expect(merge).toMatchObject({
      survivorId: member,
      victimIds: [contact],
      actorKind: 'connector',
      actorId: keyIdOf(tombstoning.key),
    });
    const victim = await as(tombstoning.users.agent).get(`/api/v1/customers/${contact}`);
    expect(victim.status).toBe(308);
    expect(victim.body).toMatchObject({ code: 'customer_merged', survivorId: member });
    const kept = await customers.findById(member).lean();
    expect(kept?.contactData.map(({ type, value }) => `${type}:${value}`).sort()).toEqual(
      [`email:${IDENTIFY_EMAIL_A}`, `phone:${IDENTIFY_P1}`, `phone:${IDENTIFY_P2}`].sort(),
    );
    const audited = await as(tombstoning.users.admin).get(
      `/api/v1/audit?type=customer.merged&actor=connector:${keyIdOf(tombstoning.key)}`,
    );
    expect(audited.body.items).toEqual([
      expect.objectContaining({
        customerIds: [member, contact],
        after: expect.objectContaining({ mergeId: merge.id }),
      }),
    ]);

    // A replay answers the same and starts nothing.
    const replay = await identify(tombstoning.key, body);
    expect(replay.body).toEqual(response.body);
    expect(await api.app.get(MergeRepository).count({ tenantId: tenantOf(), victimIds: contact })).toBe(1);

    const undo = await as(tombstoning.users.supervisor).post(`/api/v1/merges/${merge.id as string}/undo`);
    expect(undo.status).toBe(202);
  });

  it('starts the merge once when a call is retried after a crash between the transfer and the merge', async () => {
    const { contact, member } = await seedExample2();
    const dto = { ...IDENTIFY_REQUEST, requestId: requestId() };
    const principal = {
      kind: 'connector' as const,
      keyId: keyIdOf(tombstoning.key),
      tenantId: tenantOf(),
      channelId: new Types.ObjectId().toHexString(),
      trusted: false,
    };
    // The first attempt stops at its first command on the merges collection: the identifiers moved, no merge yet.
    const first = holdBefore('merges', () => api.app.get(IdentifyService).identify(principal, dto));
    await first.reached;
    expect((await customers.findById(member).lean())?.contactData.map((datum) => datum.value).sort()).toEqual(
      [IDENTIFY_EMAIL_A, IDENTIFY_P2].sort(),
    );
    const mergesOf = () => api.app.get(MergeRepository).count({ tenantId: tenantOf(), victimIds: contact });
    expect(await mergesOf()).toBe(0);

    const retry = await identify(tombstoning.key, dto);
    expect(retry.status).toBe(200);
    expect(retry.body).toMatchObject({ action: 'merge', customer: { id: member }, merge: { id: expect.any(String) } });
    await mergeDone(retry.body.merge.id);
    expect((await customers.findById(contact).lean())?.mergedInto?.toHexString()).toBe(member);

    // The first attempt goes on and finds the merge its retry started.
    const resumed = await first.release();
    expect(resumed.body.merge).toEqual({ id: retry.body.merge.id, status: 'done' });
    expect(await mergesOf()).toBe(1);
  });

  it('refuses a transfer the guards refuse (different loyalty cards) with 409, moving and merging nothing', async () => {
    const contact = await seed(tenantOf(), {
      contactData: [datum('email', IDENTIFY_EMAIL_A)],
      uniqueIdentifiers: [{ type: 'loyaltyCard', value: '1111' }],
    });
    const member = await seed(tenantOf(), {
      kind: 'member',
      contactData: [datum('phone', IDENTIFY_P2)],
      uniqueIdentifiers: [{ type: 'loyaltyCard', value: '2222' }],
    });
    const response = await identify(tombstoning.key, { ...IDENTIFY_REQUEST, requestId: requestId() });
    expect(response.status).toBe(409);
    expect(response.body).toMatchObject({ reason: 'merge_blocked', customerIds: [member, contact] });
    expect(
      await api.app.get(MergeRepository).count({ tenantId: tenantOf(), victimIds: new Types.ObjectId(contact) }),
    ).toBe(0);
    expect((await customers.findById(contact).lean())?.contactData).toHaveLength(1);
  });

  it('refuses with 409 merge_in_progress while another journal holds a customer, and merges once it is let go', async () => {
    const { contact, member } = await seedExample2();
    const locks = api.app.get(MergeLockRepository);
    const holder = new Types.ObjectId();
    expect(await locks.acquire(tenantOf(), holder, [new Types.ObjectId(contact)], 'merge')).toBe(true);
    const body = { ...IDENTIFY_REQUEST, requestId: requestId() };
    const refused = await identify(tombstoning.key, body);
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'merge_in_progress', customerIds: [contact] });
    expect((await customers.findById(contact).lean())?.contactData).toHaveLength(2);

    await locks.release(tenantOf(), holder);
    const retried = await identify(tombstoning.key, body);
    expect(retried.status).toBe(200);
    await mergeDone(retried.body.merge.id);
    expect((await customers.findById(contact).lean())?.mergedInto?.toHexString()).toBe(member);
  });
});

describe('POST /api/v1/customers/identify with survivorPreference: older', () => {
  it('keeps the older contact over a newer member and moves the member’s phone to it', async () => {
    const tenantId = byAge.users.admin.tenantId;
    const contact = await seed(tenantId, {
      contactData: [datum('email', IDENTIFY_EMAIL_A), datum('phone', IDENTIFY_P1)],
      createdAt: new Date('2020-01-01T00:00:00Z'),
    });
    const member = await seed(tenantId, {
      kind: 'member',
      contactData: [datum('phone', IDENTIFY_P2)],
      createdAt: new Date('2025-01-01T00:00:00Z'),
    });
    const names = new Map([
      [contact, 'C'],
      [member, 'M'],
    ]);
    const response = await identify(byAge.key, { ...IDENTIFY_REQUEST, requestId: requestId() });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ action: 'merge', customer: { id: contact, kind: 'contact' } });
    expect(response.body.merge).toBeUndefined();
    expect(await stateOf(tenantId, names)).toEqual({
      C: { kind: 'contact', email: IDENTIFY_EMAIL_A, phone: IDENTIFY_P2 },
      M: { kind: 'member' },
    });
  });
});

describe('POST /api/v1/customers/identify, concurrent calls bringing the same new values', () => {
  it('creates one customer of ten calls at once with different request ids; the others update it', async () => {
    const { users, key } = tenants.off;
    const tenantId = users.admin.tenantId;
    await forgetCustomers(tenantId);
    const values = { phone: '+1 202 555 0166', email: 'Race@Example.com', kind: 'member' };
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => identify(key, { ...values, requestId: requestId() })),
    );
    const stored = await customers.find({ tenantId: new Types.ObjectId(tenantId) }).lean();
    expect(stored).toHaveLength(1);
    const id = stored[0]._id.toHexString();
    expect(stored[0].contactData.map((datum) => datum.value).sort()).toEqual(['+12025550166', 'race@example.com']);
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200, 201]);
    expect(new Set(answers.map((answer) => answer.body.customer.id))).toEqual(new Set([id]));
    expect(answers.filter((answer) => answer.body.action === 'create')).toHaveLength(1);
  }, 60_000);

  it('creates a customer again for a value whose claim outlived its customer’s hold on it', async () => {
    const { users, key } = tenants.off;
    const tenantId = users.admin.tenantId;
    await forgetCustomers(tenantId);
    const first = await identify(key, { phone: '+1 202 555 0167', requestId: requestId() });
    expect(first.status).toBe(201);
    // The phone leaves its customer (an agent removed it): the next call with it creates a customer for it.
    await customers.updateOne({ _id: new Types.ObjectId(first.body.customer.id) }, { $set: { contactData: [] } });
    const next = await identify(key, { phone: '+1 202 555 0167', requestId: requestId() });
    expect(next.status).toBe(201);
    expect(next.body.customer.id).not.toBe(first.body.customer.id);
  });
});
