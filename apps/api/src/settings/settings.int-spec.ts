import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import request from 'supertest';
import { CustomerFactsService } from '@app/identity';
import type { Role } from '@app/persistence';
import { QUEUES } from '@app/queue';
import {
  createTenantWithUsers,
  signInAll,
  startApiInProcess,
  type InProcessApi,
  type RestClient,
  type TestUser,
} from '@app/testing';

let api: InProcessApi;
let acme: Record<Role, TestUser>;
let globex: Record<Role, TestUser>;
let suggestions: Queue;
let as: (user: TestUser) => RestClient;

const SETTINGS = {
  uniqueIdentifierTypes: [
    { type: 'loyaltyCard', doNotMergeDifferent: true },
    { type: 'crmId', doNotMergeDifferent: false },
  ],
  accessGrantingContactTypes: ['phone', 'email'],
  primaryIdentifier: 'email',
  skipSecondary: true,
  enforceUniqueBy: 'referenceCode',
  sharedContactThreshold: 12,
  blocklist: [' Front.Desk@Example.COM ', '+1 (555) 010-0000', '0000000', '+15550100000'],
};

/** The backfill of a settings version waiting for the worker (none runs in this file), if the tenant has one. */
const pendingBackfill = (tenantId: string, settingsVersion = 1) =>
  suggestions.getJob(`backfill-${tenantId}-v${settingsVersion}`);

beforeAll(async () => {
  api = await startApiInProcess();
  suggestions = api.app.get<Queue>(getQueueToken(QUEUES.suggestions));
  await suggestions.obliterate({ force: true });
  acme = await createTenantWithUsers(api.app, 'Acme');
  globex = await createTenantWithUsers(api.app, 'Globex');
  as = await signInAll(api.url, [...Object.values(acme), globex.admin]);
});

afterAll(async () => {
  // The next test file of this Jest worker shares the Redis database.
  await suggestions?.obliterate({ force: true });
  await api?.close();
});

describe('GET and PUT /api/v1/settings/identity', () => {
  it('answers the defaults of a tenant that never saved settings', async () => {
    const response = await as(acme.admin).get('/api/v1/settings/identity');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      uniqueIdentifierTypes: [],
      accessGrantingContactTypes: ['phone', 'email', 'card'],
      primaryIdentifier: 'phone',
      skipSecondary: false,
      identifyMergeVictim: 'keep',
      survivorPreference: 'member_then_older',
      enforceUniqueBy: 'off',
      sharedContactThreshold: 5,
      blocklist: [],
      suggestionThreshold: 0.4,
      trustUnauthenticatedEmail: false,
    });
  });

  it('replaces the settings, normalizes the blocklist and queues a check of every customer', async () => {
    const saved = await as(acme.admin).put('/api/v1/settings/identity', SETTINGS);

    // Settings saved without the identify victim, the survivor preference and email trust get their defaults.
    const expected = {
      ...SETTINGS,
      identifyMergeVictim: 'keep',
      survivorPreference: 'member_then_older',
      trustUnauthenticatedEmail: false,
      suggestionThreshold: 0.4,
      blocklist: ['front.desk@example.com', '+15550100000', '0000000'],
    };
    expect(saved.status).toBe(200);
    expect(saved.body).toEqual(expected);
    expect((await as(acme.admin).get('/api/v1/settings/identity')).body).toEqual(expected);
    // What matching uses from now on.
    expect(await api.app.get(CustomerFactsService).settings(acme.admin.tenantId)).toMatchObject(expected);
    const backfill = await pendingBackfill(acme.admin.tenantId);
    expect(backfill).toMatchObject({
      name: 'tenant.backfill',
      data: { tenantId: acme.admin.tenantId, reason: 'settings.changed', settingsVersion: 1 },
    });
    const progress = await as(acme.supervisor).get('/api/v1/settings/identity/backfill');
    expect(progress.status).toBe(200);
    expect(progress.body).toEqual({
      settingsVersion: 1,
      state: 'waiting',
      checked: 0,
      total: null,
      created: 0,
      updated: 0,
    });
  });

  it('documents the backfill route in OpenAPI', async () => {
    const openapi = await request(api.url).get('/api/docs-json');
    expect(openapi.body.paths['/api/v1/settings/identity/backfill']).toMatchObject({
      get: { responses: { 200: expect.anything(), 403: expect.anything() } },
    });
  });

  it('keeps the settings of each tenant apart', async () => {
    const theirs = await as(globex.admin).get('/api/v1/settings/identity');
    expect(theirs.body.uniqueIdentifierTypes).toEqual([]);
    expect(await pendingBackfill(globex.admin.tenantId)).toBeUndefined();
    expect((await as(globex.admin).get('/api/v1/settings/identity/backfill')).body).toMatchObject({
      settingsVersion: 0,
      state: 'none',
    });
  });

  it.each([
    ['a missing field', (({ skipSecondary: _omitted, ...rest }) => rest)(SETTINGS)],
    [
      'an identifier type with a space',
      { ...SETTINGS, uniqueIdentifierTypes: [{ type: 'loyalty card', doNotMergeDifferent: true }] },
    ],
    [
      'an identifier type of 41 characters',
      { ...SETTINGS, uniqueIdentifierTypes: [{ type: `a${'b'.repeat(40)}`, doNotMergeDifferent: true }] },
    ],
    [
      'an identifier type listed twice',
      { ...SETTINGS, uniqueIdentifierTypes: [SETTINGS.uniqueIdentifierTypes[0], SETTINGS.uniqueIdentifierTypes[0]] },
    ],
    [
      'a flag that is not a boolean',
      { ...SETTINGS, uniqueIdentifierTypes: [{ type: 'crmId', doNotMergeDifferent: 'yes' }] },
    ],
    ['an unknown access-granting type', { ...SETTINGS, accessGrantingContactTypes: ['phone', 'fax'] }],
    ['an unknown primary identifier', { ...SETTINGS, primaryIdentifier: 'card' }],
    ['an unknown uniqueness attribute', { ...SETTINGS, enforceUniqueBy: 'name' }],
    ['an unknown identify victim treatment', { ...SETTINGS, identifyMergeVictim: 'delete' }],
    ['an unknown survivor preference', { ...SETTINGS, survivorPreference: 'newer' }],
    ['a survivor preference that is not text', { ...SETTINGS, survivorPreference: ['older'] }],
    ['a threshold of 0', { ...SETTINGS, sharedContactThreshold: 0 }],
    ['a threshold above 1000', { ...SETTINGS, sharedContactThreshold: 1001 }],
    ['a fractional threshold', { ...SETTINGS, sharedContactThreshold: 2.5 }],
    ['a blank blocklist entry', { ...SETTINGS, blocklist: ['  '] }],
    ['a blocklist entry that is not text', { ...SETTINGS, blocklist: [5] }],
    ['an unknown field', { ...SETTINGS, autoMerge: true }],
  ])('refuses %s with 400 and changes nothing', async (_name, body) => {
    const before = await as(acme.admin).get('/api/v1/settings/identity');
    const response = await as(acme.admin).put('/api/v1/settings/identity', body);
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('validation_failed');
    expect((await as(acme.admin).get('/api/v1/settings/identity')).body).toEqual(before.body);
  });

  it.each(['supervisor', 'agent'] as const)('is for admins: %s gets 403', async (role) => {
    expect((await as(acme[role]).get('/api/v1/settings/identity')).status).toBe(403);
    const response = await as(acme[role]).put('/api/v1/settings/identity', SETTINGS);
    expect(response.status).toBe(403);
    expect(response.body.code).toBe('forbidden');
  });
});

describe('GET /api/v1/settings/identity/audit', () => {
  const summary = {
    uniqueIdentifierTypes: SETTINGS.uniqueIdentifierTypes,
    accessGrantingContactTypes: ['phone', 'email'],
    sharedContactThreshold: 12,
    blocklistSize: 3,
    primaryIdentifier: 'email',
    skipSecondary: true,
    identifyMergeVictim: 'keep',
    survivorPreference: 'member_then_older',
    enforceUniqueBy: 'referenceCode',
    suggestionThreshold: 0.4,
    trustUnauthenticatedEmail: false,
  };

  it.each(['admin', 'supervisor'] as const)('shows %s the guards and limits, not the blocked values', async (role) => {
    const response = await as(acme[role]).get('/api/v1/settings/identity/audit');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ ...summary, changes: expect.any(Array) });
  });

  it('lists the change from the audit trail: who, and the fields as they were and became (refused PUTs none)', async () => {
    const response = await as(acme.supervisor).get('/api/v1/settings/identity/audit');
    expect(response.body.changes).toEqual([
      {
        id: expect.any(String),
        type: 'settings.identity.updated',
        actor: { kind: 'user', id: acme.admin.id, role: 'admin' },
        trigger: { kind: 'request' },
        customerIds: [],
        before: {
          uniqueIdentifierTypes: [],
          accessGrantingContactTypes: ['phone', 'email', 'card'],
          sharedContactThreshold: 5,
          blocklistSize: 0,
          primaryIdentifier: 'phone',
          skipSecondary: false,
          enforceUniqueBy: 'off',
        },
        after: (({
          identifyMergeVictim: _victim,
          survivorPreference: _preference,
          trustUnauthenticatedEmail: _trust,
          suggestionThreshold: _threshold,
          ...changed
        }) => changed)(summary),
        at: expect.any(String),
      },
    ]);
    const trail = await as(acme.supervisor).get('/api/v1/audit?type=settings.identity.updated');
    expect(trail.body.items).toEqual(response.body.changes);
    expect((await as(globex.admin).get('/api/v1/settings/identity/audit')).body.changes).toEqual([]);
  });

  it('records nothing for a PUT that changes nothing', async () => {
    const current = await as(acme.admin).get('/api/v1/settings/identity');
    expect((await as(acme.admin).put('/api/v1/settings/identity', current.body)).status).toBe(200);
    expect((await as(acme.admin).get('/api/v1/settings/identity/audit')).body.changes).toHaveLength(1);
  });

  it('is not for agents: 403', async () => {
    const response = await as(acme.agent).get('/api/v1/settings/identity/audit');
    expect(response.status).toBe(403);
    expect(response.body.code).toBe('forbidden');
  });
});

describe('identifyMergeVictim and survivorPreference', () => {
  it('are stored and read by matching, shown to supervisors, audited, and set back to the defaults when omitted', async () => {
    const chosen = { ...SETTINGS, identifyMergeVictim: 'tombstone', survivorPreference: 'older' };
    const saved = await as(globex.admin).put('/api/v1/settings/identity', chosen);
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ identifyMergeVictim: 'tombstone', survivorPreference: 'older' });
    expect((await as(globex.admin).get('/api/v1/settings/identity')).body).toEqual(saved.body);
    expect(await api.app.get(CustomerFactsService).settings(globex.admin.tenantId)).toMatchObject({
      identifyMergeVictim: 'tombstone',
      survivorPreference: 'older',
    });
    const audit = await as(globex.admin).get('/api/v1/settings/identity/audit');
    expect(audit.body).toMatchObject({ identifyMergeVictim: 'tombstone', survivorPreference: 'older' });
    expect(audit.body.changes[0]).toMatchObject({
      before: { identifyMergeVictim: 'keep', survivorPreference: 'member_then_older' },
      after: { identifyMergeVictim: 'tombstone', survivorPreference: 'older' },
    });

    const omitted = await as(globex.admin).put('/api/v1/settings/identity', SETTINGS);
    expect(omitted.body).toMatchObject({ identifyMergeVictim: 'keep', survivorPreference: 'member_then_older' });
  });

  it('are in the OpenAPI document with their choices', async () => {
    const openapi = await request(api.url).get('/api/docs-json');
    const schema = openapi.body.components.schemas.IdentitySettingsDto;
    expect(schema.properties.identifyMergeVictim.enum).toEqual(['keep', 'tombstone']);
    expect(schema.properties.survivorPreference.enum).toEqual(['member_then_older', 'older']);
    expect(schema.properties.survivorPreference.description).toMatch(/the older/);
  });
});
