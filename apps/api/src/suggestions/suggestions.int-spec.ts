import type { INestApplicationContext } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bullmq';
import { getModelToken } from '@nestjs/mongoose';
import type { Queue } from 'bullmq';
import { Types, type Model } from 'mongoose';
import { DEFAULT_IDENTITY_SETTINGS, pairKey, type MergeBlock, type SuggestionStatus } from '@app/domain';
import {
  CustomerRepository,
  MergeRepository,
  Suggestion,
  SuggestionRepository,
  TenantRepository,
  type IdentitySettingsDocument,
  type Role,
} from '@app/persistence';
import { MergesProducer, QUEUES } from '@app/queue';
import type { SuggestionSummary } from '@app/realtime';
import {
  createTenantWithUsers,
  RecordingConsole,
  signInAll,
  startApiInProcess,
  seedCustomer as seedCustomerIn,
  startIdentityJobs,
  type CustomerSeed,
  type InProcessApi,
  type RestClient,
  type TestUser,
} from '@app/testing';

let api: InProcessApi;
let worker: INestApplicationContext;
let acme: Record<Role, TestUser>;
let listco: Record<Role, TestUser>;
let globex: Record<Role, TestUser>;
let as: (user: TestUser) => RestClient;

const SETTINGS: IdentitySettingsDocument = {
  ...DEFAULT_IDENTITY_SETTINGS,
  uniqueIdentifierTypes: [{ type: 'loyaltyCard', doNotMergeDifferent: true }],
};

const seedCustomer = (tenantId: string, seed?: CustomerSeed) => seedCustomerIn(api.app, tenantId, seed);

const cardBlock = (survivorCard: string, victimCard: string): MergeBlock => ({
  code: 'different_unique_identifiers',
  identifierType: 'loyaltyCard',
  values: [survivorCard, victimCard],
  remedies: ['Remove the loyaltyCard from one of the profiles'],
});

/** A suggestion as the worker stores one, opened from `from` (the default survivor). */
async function seedSuggestion(
  tenantId: string,
  from: string,
  other: string,
  status: SuggestionStatus = 'open',
  blocks: MergeBlock[] = [],
): Promise<string> {
  const key = pairKey(from, other);
  const created = await api.app.get(SuggestionRepository).insertUnlessPaired({
    tenantId,
    pairKey: key,
    customerIds: key.split(':').map((id) => new Types.ObjectId(id)),
    openedFrom: new Types.ObjectId(from),
    status,
    evidence: [{ rule: 'same_contact_phone', values: ['+15550100000', '+15550100000'], score: 0.8 }],
    score: 0.8,
    seenRules: ['same_contact_phone'],
    blocks,
    history: [{ at: new Date(), status, by: 'worker' }],
  });
  if (!created) throw new Error('the pair already has a suggestion');
  return created._id.toHexString();
}

async function seedPair(tenantId: string, status: SuggestionStatus = 'open') {
  const from = await seedCustomer(tenantId, { name: 'From' });
  const other = await seedCustomer(tenantId, { name: 'Other' });
  return { from, other, id: await seedSuggestion(tenantId, from, other, status) };
}

const suggestionOf = (tenantId: string, id: string) => api.app.get(SuggestionRepository).findById(tenantId, id);

/** The accept's merge once the worker finished it: a 202 is followed through the merge's job, never by sleeping. */
async function mergeFinished(mergeId: string): Promise<void> {
  expect(await worker.get(MergesProducer).waitFor(mergeId, 20_000)).toBe(true);
}

const queues = () => [QUEUES.merges, QUEUES.suggestions].map((name) => api.app.get<Queue>(getQueueToken(name)));

beforeAll(async () => {
  api = await startApiInProcess();
  // Jobs another test file of this Jest worker left in the shared Redis database.
  await Promise.all(queues().map((queue) => queue.obliterate({ force: true })));
  // The worker's processors, on the same database and Redis as the api.
  worker = await startIdentityJobs(api.env);

  acme = await createTenantWithUsers(api.app, 'Acme');
  listco = await createTenantWithUsers(api.app, 'Listco');
  globex = await createTenantWithUsers(api.app, 'Globex');
  as = await signInAll(api.url, [acme.agent, acme.supervisor, acme.admin, listco.agent, globex.agent]);
  // Stored directly: through the api, the settings would start a backfill racing the suggestions seeded here.
  await api.app.get(TenantRepository).updateIdentitySettings(acme.agent.tenantId, SETTINGS);
});

afterAll(async () => {
  await worker?.close();
  if (api) await Promise.all(queues().map((queue) => queue.obliterate({ force: true })));
  await api?.close();
});

describe('GET /api/v1/suggestions', () => {
  const ids: Record<'first' | 'second' | 'third', string> = { first: '', second: '', third: '' };
  const names = new Map<string, string>();

  beforeAll(async () => {
    const tenantId = listco.agent.tenantId;
    const model = api.app.get<Model<Suggestion>>(getModelToken(Suggestion.name));
    const seeds = [
      ['first', 'open', '2026-01-01T00:00:00.000Z'],
      ['second', 'open', '2026-01-02T00:00:00.000Z'],
      ['third', 'blocked', '2026-01-03T00:00:00.000Z'],
    ] as const;
    for (const [label, status, updatedAt] of seeds) {
      const from = await seedCustomer(tenantId, { name: `${label} from` });
      const other = await seedCustomer(tenantId, { name: `${label} other` });
      names.set(from, `${label} from`).set(other, `${label} other`);
      ids[label] = await seedSuggestion(
        tenantId,
        from,
        other,
        status,
        status === 'blocked' ? [cardBlock('1', '2')] : [],
      );
      // Fixed change times, so that `since` and the order do not depend on the clock.
      await model.updateOne({ _id: ids[label] }, { $set: { updatedAt: new Date(updatedAt) } }, { timestamps: false });
    }
  });

  const list = async (query: string) => {
    const response = await as(listco.agent).get(`/api/v1/suggestions${query}`);
    expect(response.status).toBe(200);
    return response.body as { items: (SuggestionSummary & { customers: { id: string; name: string }[] })[] } & {
      nextCursor: string | null;
    };
  };

  it('lists the tenant’s suggestions, oldest change first, with evidence, score and both customers', async () => {
    const page = await list('');
    expect(page.items.map((item) => item.id)).toEqual([ids.first, ids.second, ids.third]);
    expect(page.nextCursor).toBeNull();
    const [first] = page.items;
    expect(first).toMatchObject({
      status: 'open',
      evidence: [{ rule: 'same_contact_phone', values: ['+15550100000', '+15550100000'] }],
      score: 0.8,
      updatedAt: '2026-01-01T00:00:00.000Z',
    });
    expect(first.customers.map((customer) => customer.id)).toEqual(first.customerIds);
    for (const customer of first.customers) expect(customer.name).toBe(names.get(customer.id));
    expect(page.items[2].blocks).toEqual([cardBlock('1', '2')]);
  });

  it('filters by status', async () => {
    expect((await list('?status=open')).items.map((item) => item.id)).toEqual([ids.first, ids.second]);
    expect((await list('?status=blocked')).items.map((item) => item.id)).toEqual([ids.third]);
    expect((await list('?status=rejected')).items).toEqual([]);
  });

  it('lists only what changed at or after `since`, for a console catching up', async () => {
    const since = encodeURIComponent('2026-01-02T00:00:00.000Z');
    expect((await list(`?since=${since}`)).items.map((item) => item.id)).toEqual([ids.second, ids.third]);
    expect((await list(`?status=open&since=${since}`)).items.map((item) => item.id)).toEqual([ids.second]);
    expect((await list('?since=2026-02-01T00:00:00Z')).items).toEqual([]);
  });

  it('pages with a cursor, neither repeating nor skipping', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof list>> = await list(
        `?limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      expect(page.items).toHaveLength(1);
      seen.push(page.items[0].id);
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual([ids.first, ids.second, ids.third]);
  });

  it.each([
    ['a since that is no date', '?since=yesterday', 'validation_failed'],
    ['an impossible date', '?since=2026-02-30T00:00:00Z', 'validation_failed'],
    ['an unknown status', '?status=maybe', 'validation_failed'],
    ['a cursor it did not hand out', '?cursor=bm9wZQ', 'invalid_cursor'],
  ])('refuses %s with 400', async (_name, query, code) => {
    const response = await as(listco.agent).get(`/api/v1/suggestions${query}`);
    expect(response.status).toBe(400);
    expect(response.body.code).toBe(code);
  });

  it('shows nothing of another tenant', async () => {
    const response = await as(globex.agent).get('/api/v1/suggestions');
    expect(response.status).toBe(200);
    expect(response.body.items).toEqual([]);
  });
});

describe('POST /api/v1/suggestions/:id/accept', () => {
  it('merges the pair into the customer it was opened from', async () => {
    const tenantId = acme.agent.tenantId;
    const { from, other, id } = await seedPair(tenantId);

    const response = await as(acme.agent).post(`/api/v1/suggestions/${id}/accept`);

    expect([200, 202]).toContain(response.status);
    expect(response.body.suggestion).toMatchObject({ id, status: 'accepted', mergeId: response.body.merge.id });
    expect(response.body.merge).toMatchObject({
      survivorId: from,
      victimIds: [other],
      trigger: 'suggestion',
      suggestionId: id,
      status: response.status === 200 ? 'done' : 'running',
    });
    await mergeFinished(response.body.merge.id);
    const merge = await as(acme.agent).get(`/api/v1/merges/${response.body.merge.id}`);
    expect(merge.body.status).toBe('done');
    const victim = await as(acme.agent).get(`/api/v1/customers/${other}`);
    expect(victim.status).toBe(308);
    expect(victim.body.survivorId).toBe(from);
    expect(await suggestionOf(tenantId, id)).toMatchObject({ status: 'accepted' });
  });

  it('keeps the chosen survivor, and refuses one outside the pair with 400 invalid_survivor', async () => {
    const tenantId = acme.agent.tenantId;
    const { from, other, id } = await seedPair(tenantId);

    const outsider = await as(acme.agent).post(`/api/v1/suggestions/${id}/accept`, {
      survivorId: await seedCustomer(tenantId),
    });
    expect(outsider.status).toBe(400);
    expect(outsider.body.code).toBe('invalid_survivor');

    const response = await as(acme.agent).post(`/api/v1/suggestions/${id}/accept`, { survivorId: other });
    expect([200, 202]).toContain(response.status);
    expect(response.body.merge).toMatchObject({ survivorId: other, victimIds: [from] });
    await mergeFinished(response.body.merge.id);
  });

  it('of two agents accepting at once, merges once and tells the other it was decided', async () => {
    const tenantId = acme.agent.tenantId;
    const { id } = await seedPair(tenantId);

    const responses = await Promise.all([
      as(acme.agent).post(`/api/v1/suggestions/${id}/accept`),
      as(acme.supervisor).post(`/api/v1/suggestions/${id}/accept`),
    ]);

    const won = responses.filter((response) => response.status === 200 || response.status === 202);
    const lost = responses.filter((response) => response.status === 409);
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0].body).toMatchObject({ code: 'suggestion_decided', suggestion: { id, status: 'accepted' } });
    await mergeFinished(won[0].body.merge.id);
    expect(await api.app.get(MergeRepository).count({ tenantId, suggestionId: new Types.ObjectId(id) })).toBe(1);
  });

  it('of an accept and a reject at once, applies exactly one', async () => {
    const tenantId = acme.agent.tenantId;
    const { id } = await seedPair(tenantId);

    const [accept, reject] = await Promise.all([
      as(acme.agent).post(`/api/v1/suggestions/${id}/accept`),
      as(acme.supervisor).post(`/api/v1/suggestions/${id}/reject`, { reason: 'twins' }),
    ]);

    const accepted = accept.status === 200 || accept.status === 202;
    expect([accepted, reject.status === 200].filter(Boolean)).toHaveLength(1);
    const loser = accepted ? reject : accept;
    expect(loser.status).toBe(409);
    expect(loser.body.code).toBe('suggestion_decided');
    const merges = await api.app.get(MergeRepository).count({ tenantId, suggestionId: new Types.ObjectId(id) });
    if (accepted) {
      await mergeFinished(accept.body.merge.id);
      expect(await suggestionOf(tenantId, id)).toMatchObject({ status: 'accepted' });
      expect(merges).toBe(1);
    } else {
      expect(await suggestionOf(tenantId, id)).toMatchObject({ status: 'rejected' });
      expect(merges).toBe(0);
    }
  });

  it('refuses a blocked suggestion with 409 merge_blocked and the guard’s explanation', async () => {
    const tenantId = acme.agent.tenantId;
    const from = await seedCustomer(tenantId, { uniqueIdentifiers: [{ type: 'loyaltyCard', value: '3001' }] });
    const other = await seedCustomer(tenantId, { uniqueIdentifiers: [{ type: 'loyaltyCard', value: '3002' }] });
    const id = await seedSuggestion(tenantId, from, other, 'blocked', [cardBlock('3001', '3002')]);

    const response = await as(acme.agent).post(`/api/v1/suggestions/${id}/accept`);

    expect(response.status).toBe(409);
    expect(response.body).toMatchObject({
      code: 'merge_blocked',
      blocks: [{ victimId: other, blocks: [cardBlock('3001', '3002')] }],
    });
    expect(await suggestionOf(tenantId, id)).toMatchObject({ status: 'blocked' });
  });

  it('refuses an open suggestion a guard now blocks with 409 merge_blocked, and marks it blocked', async () => {
    const tenantId = acme.agent.tenantId;
    const from = await seedCustomer(tenantId, { uniqueIdentifiers: [{ type: 'loyaltyCard', value: '4001' }] });
    const other = await seedCustomer(tenantId, { uniqueIdentifiers: [{ type: 'loyaltyCard', value: '4002' }] });
    const id = await seedSuggestion(tenantId, from, other);

    const response = await as(acme.agent).post(`/api/v1/suggestions/${id}/accept`);

    expect(response.status).toBe(409);
    expect(response.body.code).toBe('merge_blocked');
    expect(response.body.blocks[0].blocks[0]).toMatchObject({
      code: 'different_unique_identifiers',
      values: ['4001', '4002'],
    });
    const listed = await as(acme.agent).get('/api/v1/suggestions?status=blocked');
    expect(listed.body.items.find((item: SuggestionSummary) => item.id === id)?.blocks).toEqual(
      response.body.blocks[0].blocks,
    );
  });

  it('refuses a pair whose customer was merged elsewhere meanwhile with 409 customer_merged, superseding it', async () => {
    const tenantId = acme.agent.tenantId;
    const { other, id } = await seedPair(tenantId);
    const elsewhere = await seedCustomer(tenantId);
    // Merged while the suggestion was being accepted: that merge's journal could not settle it.
    await api.app
      .get(CustomerRepository)
      .updateOne({ tenantId, _id: new Types.ObjectId(other) }, { $set: { mergedInto: new Types.ObjectId(elsewhere) } });

    const response = await as(acme.agent).post(`/api/v1/suggestions/${id}/accept`);

    expect(response.status).toBe(409);
    expect(response.body).toMatchObject({ code: 'customer_merged', customerId: other, survivorId: elsewhere });
    expect(await suggestionOf(tenantId, id)).toMatchObject({ status: 'superseded' });
  });

  it('answers 404 for a suggestion of another tenant, or none', async () => {
    const { id } = await seedPair(acme.agent.tenantId);
    for (const path of [`/api/v1/suggestions/${id}/accept`, '/api/v1/suggestions/nope/accept']) {
      const response = await as(globex.agent).post(path);
      expect(response.status).toBe(404);
      expect(response.body.code).toBe('suggestion_not_found');
    }
    expect(await suggestionOf(acme.agent.tenantId, id)).toMatchObject({ status: 'open' });
  });
});

describe('POST /api/v1/suggestions/:id/reject', () => {
  it('rejects, and a second decision is told it was decided', async () => {
    const tenantId = acme.agent.tenantId;
    const { id } = await seedPair(tenantId);

    const response = await as(acme.agent).post(`/api/v1/suggestions/${id}/reject`, { reason: 'not the same person' });

    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ id, status: 'rejected' });
    const stored = await suggestionOf(tenantId, id);
    expect(stored?.history.at(-1)).toMatchObject({ status: 'rejected', by: acme.agent.id });
    for (const decision of ['reject', 'accept']) {
      const again = await as(acme.agent).post(`/api/v1/suggestions/${id}/${decision}`);
      expect(again.status).toBe(409);
      expect(again.body).toMatchObject({ code: 'suggestion_decided', suggestion: { id, status: 'rejected' } });
    }
  });

  it('refuses a reason that is not text', async () => {
    const { id } = await seedPair(acme.agent.tenantId);
    const response = await as(acme.agent).post(`/api/v1/suggestions/${id}/reject`, { reason: 42 });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('validation_failed');
  });
});

describe('a settings change re-opens blocked suggestions', () => {
  let agentConsole: RecordingConsole | undefined;

  afterEach(() => {
    agentConsole?.close();
  });

  it('switching the flag off re-opens a suggestion it blocked, live', async () => {
    const tenantId = acme.agent.tenantId;
    const from = await seedCustomer(tenantId, {
      contactData: [{ type: 'phone', value: '+15550105001', grantsAccess: false }],
      uniqueIdentifiers: [{ type: 'loyaltyCard', value: '5001' }],
    });
    const other = await seedCustomer(tenantId, {
      contactData: [{ type: 'phone', value: '+15550105001', grantsAccess: false }],
      uniqueIdentifiers: [{ type: 'loyaltyCard', value: '5002' }],
    });
    const id = await seedSuggestion(tenantId, from, other, 'blocked', [cardBlock('5001', '5002')]);
    agentConsole = await RecordingConsole.connect(api.url, as(acme.agent).token);

    const saved = await as(acme.admin).put('/api/v1/settings/identity', {
      ...SETTINGS,
      uniqueIdentifierTypes: [{ type: 'loyaltyCard', doNotMergeDifferent: false }],
    });
    expect(saved.status).toBe(200);

    const reopened = await agentConsole.next(
      'suggestion.updated',
      (event) => event.suggestion.id === id && event.suggestion.status === 'open',
    );
    expect(reopened.suggestion).toMatchObject({ id, status: 'open', blocks: [] });
    expect(await suggestionOf(tenantId, id)).toMatchObject({ status: 'open' });
  });
});
