import type { INestApplicationContext } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bullmq';
import { QueueEvents, type Queue } from 'bullmq';
import { DEFAULT_IDENTITY_SETTINGS, pairKey } from '@app/domain';
import { SuggestionBackfillService } from '@app/identity';
import { CustomerRepository, SuggestionRepository, TenantRepository, type Role } from '@app/persistence';
import { QUEUES } from '@app/queue';
import {
  createTenantWithUsers,
  holdBefore,
  seedCustomer,
  signInAll,
  startApiInProcess,
  startIdentityJobs,
  type InProcessApi,
  type RestClient,
  type TestUser,
} from '@app/testing';

let api: InProcessApi;
let worker: INestApplicationContext | undefined;
let suggestions: Queue;
let suggestionEvents: QueueEvents;
let acme: Record<Role, TestUser>;
let as: (user: TestUser) => RestClient;
const everyHousehold: string[][] = [];

const settingsWith = (cardsKeepApart: boolean, enforceUniqueBy = 'off') => ({
  uniqueIdentifierTypes: [{ type: 'loyaltyCard', doNotMergeDifferent: cardsKeepApart }],
  accessGrantingContactTypes: ['email'],
  primaryIdentifier: 'phone',
  skipSecondary: false,
  enforceUniqueBy,
  sharedContactThreshold: 5,
  blocklist: [],
});

/** Households: two customers sharing a landline, each with a loyalty card of their own. */
async function seedHouseholds(tenantId: string, count: number, first = 0): Promise<string[][]> {
  const households: string[][] = [];
  for (let n = first; n < first + count; n += 1) {
    const phone = `+1555010${String(7000 + n)}`;
    const member = (card: string) =>
      seedCustomer(api.app, tenantId, {
        contactData: [{ type: 'phone', value: phone, grantsAccess: false }],
        uniqueIdentifiers: [{ type: 'loyaltyCard', value: card }],
      });
    households.push([await member(`${n}-a`), await member(`${n}-b`)]);
  }
  everyHousehold.push(...households);
  return households;
}

/** The backfill job of a settings version, once it finished; its outcome. */
async function finishedBackfill(tenantId: string, settingsVersion: number) {
  const job = await suggestions.getJob(`backfill-${tenantId}-v${settingsVersion}`);
  expect(job).toBeDefined();
  return job!.waitUntilFinished(suggestionEvents, 30_000) as Promise<{ superseded: boolean; checked: number }>;
}

beforeAll(async () => {
  api = await startApiInProcess();
  suggestions = api.app.get<Queue>(getQueueToken(QUEUES.suggestions));
  await suggestions.obliterate({ force: true });
  suggestionEvents = new QueueEvents(QUEUES.suggestions, { connection: { url: api.env.REDIS_URL } });
  await suggestionEvents.waitUntilReady();
  acme = await createTenantWithUsers(api.app, 'Acme');
  as = await signInAll(api.url, [acme.admin, acme.supervisor, acme.agent]);
});

afterAll(async () => {
  await worker?.close();
  await suggestionEvents?.close();
  // The next test file of this Jest worker shares the Redis database.
  await suggestions?.obliterate({ force: true });
  await api?.close();
});

describe('a settings change while a backfill runs', () => {
  it('is applied: the second change’s rules are in force for every customer at the end', async () => {
    const tenantId = acme.admin.tenantId;
    const households = await seedHouseholds(tenantId, 3);

    expect((await as(acme.admin).put('/api/v1/settings/identity', settingsWith(true))).status).toBe(200);
    // The worker starts with the first change's backfill waiting, which stops at its first suggestion write.
    const held = holdBefore('suggestions', () => startIdentityJobs(api.env));
    await held.reached;
    const running = await as(acme.supervisor).get('/api/v1/settings/identity/backfill');
    expect(running.status).toBe(200);
    expect(running.body).toMatchObject({ settingsVersion: 1, state: 'running' });

    expect((await as(acme.admin).put('/api/v1/settings/identity', settingsWith(false))).status).toBe(200);
    worker = await held.release();

    expect(await finishedBackfill(tenantId, 1)).toMatchObject({ superseded: true });
    expect(await finishedBackfill(tenantId, 2)).toMatchObject({ superseded: false, checked: 6 });
    const progress = await as(acme.admin).get('/api/v1/settings/identity/backfill');
    // Which of the two wrote the first household's suggestion first depends on the race they ran.
    expect(progress.body).toEqual({
      settingsVersion: 2,
      state: 'done',
      checked: 6,
      total: 6,
      created: expect.any(Number),
      updated: expect.any(Number),
    });

    // Cards no longer keep households apart: every household's suggestion waits for an agent, none blocked.
    const stored = api.app.get(SuggestionRepository);
    for (const [a, b] of households) {
      const suggestion = await stored.findByPair(tenantId, pairKey(a, b));
      expect(suggestion).toMatchObject({ status: 'open', blocks: [] });
    }
  });

  it('an older backfill overtaken during a customer checks that customer again with the newer settings', async () => {
    const tenantId = acme.admin.tenantId;
    const tenants = api.app.get(TenantRepository);
    const backfill = worker!.get(SuggestionBackfillService);
    const store = (cardsKeepApart: boolean) =>
      tenants.updateIdentitySettings(tenantId, {
        ...DEFAULT_IDENTITY_SETTINGS,
        uniqueIdentifierTypes: [{ type: 'loyaltyCard', doNotMergeDifferent: cardsKeepApart }],
      });
    await seedHouseholds(tenantId, 1, 100);

    // Stored directly and run here, so the newer backfill finishes while the older one waits to write.
    const older = (await store(true))!.version;
    const overtaken = holdBefore('suggestions', () => backfill.run(tenantId, older, async () => {}));
    await overtaken.reached;
    const newer = (await store(false))!.version;
    expect(await backfill.run(tenantId, newer, async () => {})).toMatchObject({ superseded: false });
    // The older one writes its stale verdict on the first customer's pairs, then sees the newer version.
    expect(await overtaken.release()).toMatchObject({ superseded: true, checked: 1 });

    const stored = api.app.get(SuggestionRepository);
    for (const [a, b] of everyHousehold) {
      expect(await stored.findByPair(tenantId, pairKey(a, b))).toMatchObject({ status: 'open', blocks: [] });
    }
  });

  it('switching enforceUniqueBy on merges nobody by itself', async () => {
    const tenantId = acme.admin.tenantId;
    const customers = api.app.get(CustomerRepository);
    const active = await customers.count({ tenantId, mergedInto: null });

    expect((await as(acme.admin).put('/api/v1/settings/identity', settingsWith(false, 'phone'))).status).toBe(200);
    const { settingsVersion } = (await as(acme.admin).get('/api/v1/settings/identity/backfill')).body;
    expect(await finishedBackfill(tenantId, settingsVersion)).toMatchObject({ superseded: false, checked: active });

    expect(await customers.count({ tenantId, mergedInto: null })).toBe(active);
    expect((await as(acme.admin).get('/api/v1/settings/identity')).body.enforceUniqueBy).toBe('phone');
  });

  it('shows its progress to supervisors and admins only', async () => {
    expect((await as(acme.agent).get('/api/v1/settings/identity/backfill')).status).toBe(403);
    const progress = await as(acme.supervisor).get('/api/v1/settings/identity/backfill');
    expect(progress.status).toBe(200);
    expect(progress.body).toMatchObject({ settingsVersion: 5, state: 'done' });
  });
});
