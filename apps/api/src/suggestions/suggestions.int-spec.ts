import type { INestApplicationContext } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bullmq';
import { getModelToken } from '@nestjs/mongoose';
import type { Queue } from 'bullmq';
import { Types, type Model } from 'mongoose';
import { DEFAULT_IDENTITY_SETTINGS, pairKey, type MergeBlock, type SuggestionStatus } from '@app/domain';
import {
  ConversationRepository,
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
let bigco: Record<Role, TestUser>;
let as: (user: TestUser) => RestClient;

const SETTINGS: IdentitySettingsDocument = {
  ...DEFAULT_IDENTITY_SETTINGS,
  uniqueIdentifierTypes: [{ type: 'loyaltyCard', doNotMergeDifferent: true }],
};

const seedCustomer = (tenantId: string, seed?: CustomerSeed) => seedCustomerIn(api.app, tenantId, seed);

/** `count` conversations of the customer, each through an identity of its own. */
async function seedConversations(tenantId: string, customerId: string, count: number): Promise<void> {
  const conversations = api.app.get(ConversationRepository);
  for (let index = 0; index < count; index += 1) {
    await conversations.recordActivity(tenantId, {
      key: `seeded:${customerId}:${index}`,
      customerId: new Types.ObjectId(customerId),
      identityId: new Types.ObjectId(),
      channelId: new Types.ObjectId(),
      channelKind: 'sms',
      at: new Date('2026-01-01T10:00:00Z'),
    });
  }
}

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

/** An older customer and a newer one whose change found the match (the suggestion is opened from it). */
async function seedPair(tenantId: string, status: SuggestionStatus = 'open') {
  const older = await seedCustomer(tenantId, { name: 'Older', createdAt: new Date('2025-01-01T00:00:00Z') });
  const newer = await seedCustomer(tenantId, { name: 'Newer', createdAt: new Date('2026-01-01T00:00:00Z') });
  return { older, newer, id: await seedSuggestion(tenantId, newer, older, status) };
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
  bigco = await createTenantWithUsers(api.app, 'Bigco');
  as = await signInAll(api.url, [acme.agent, acme.supervisor, acme.admin, listco.agent, globex.agent, bigco.agent]);
  // Stored directly: through the api, the settings would start a backfill racing the suggestions seeded here.
  await api.app.get(TenantRepository).updateIdentitySettings(acme.agent.tenantId, SETTINGS);
});

afterAll(async () => {
  await worker?.close();
  if (api) await Promise.all(queues().map((queue) => queue.obliterate({ force: true })));
  await api?.close();
});

type ListedSuggestion = SuggestionSummary & {
  customers: { id: string; name: string | null; createdAt: string | null; conversationCount: number }[];
  defaultSurvivorId: string;
};
type SuggestionListPage = { items: ListedSuggestion[]; nextCursor: string | null };

/** Every page of the list `query` names, followed through `nextCursor`. */
async function listAll(user: TestUser, query: string): Promise<ListedSuggestion[]> {
  const items: ListedSuggestion[] = [];
  let cursor: string | null = null;
  do {
    const response = await as(user).get(
      `/api/v1/suggestions?${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    expect(response.status).toBe(200);
    const page = response.body as SuggestionListPage;
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

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
    return response.body as SuggestionListPage;
  };

  it('lists the tenant’s suggestions best match first (equal scores: newest first), with both customers', async () => {
    const page = await list('');
    expect(page.items.map((item) => item.id)).toEqual([ids.third, ids.second, ids.first]);
    expect(page.nextCursor).toBeNull();
    const first = page.items[2];
    expect(first).toMatchObject({
      status: 'open',
      evidence: [{ rule: 'same_contact_phone', values: ['+15550100000', '+15550100000'] }],
      score: 0.8,
      updatedAt: '2026-01-01T00:00:00.000Z',
    });
    expect(first.customers.map((customer) => customer.id)).toEqual(first.customerIds);
    for (const customer of first.customers) {
      expect(customer).toMatchObject({ name: names.get(customer.id), conversationCount: 0 });
      expect(Date.parse(customer.createdAt ?? '')).not.toBeNaN();
    }
    expect(first.customerIds).toContain(first.defaultSurvivorId);
    expect(page.items[0].blocks).toEqual([cardBlock('1', '2')]);
  });

  it('filters by one status or several', async () => {
    expect((await list('?status=open')).items.map((item) => item.id)).toEqual([ids.second, ids.first]);
    expect((await list('?status=blocked')).items.map((item) => item.id)).toEqual([ids.third]);
    expect((await list('?status=rejected')).items).toEqual([]);
    for (const query of ['?status=blocked&status=rejected', '?status=blocked,rejected']) {
      expect((await list(query)).items.map((item) => item.id)).toEqual([ids.third]);
    }
  });

  it('lists only what changed at or after `since`, oldest change first, for a console catching up', async () => {
    const since = encodeURIComponent('2026-01-02T00:00:00.000Z');
    expect((await list(`?since=${since}`)).items.map((item) => item.id)).toEqual([ids.second, ids.third]);
    expect((await list(`?status=open&since=${since}`)).items.map((item) => item.id)).toEqual([ids.second]);
    expect((await list('?since=2026-02-01T00:00:00Z')).items).toEqual([]);
  });

  it('pages a catch-up with a cursor, neither repeating nor skipping', async () => {
    const seen = await listAll(listco.agent, 'limit=1&since=2000-01-01T00:00:00Z');
    expect(seen.map((item) => item.id)).toEqual([ids.first, ids.second, ids.third]);
  });

  it.each([
    ['a since that is no date', '?since=yesterday', 'validation_failed'],
    ['an impossible date', '?since=2026-02-30T00:00:00Z', 'validation_failed'],
    ['an unknown status', '?status=maybe', 'validation_failed'],
    ['an unknown status among known ones', '?status=open,maybe', 'validation_failed'],
    ['an unknown rule', '?rule=same_name', 'validation_failed'],
    ['an empty rule', '?rule=', 'validation_failed'],
    ['a minimum score above 1', '?minScore=1.5', 'validation_failed'],
    ['a minimum score below 0', '?minScore=-0.1', 'validation_failed'],
    ['a minimum score that is no number', '?minScore=high', 'validation_failed'],
    ['a customer id that is no id', '?customerId=ann', 'validation_failed'],
    ['a cursor it did not hand out', '?cursor=bm9wZQ', 'invalid_cursor'],
    [
      'a catch-up cursor on the ranked list',
      `?cursor=${Buffer.from('1767225600000_64d0c0ffee00000000000001').toString('base64url')}`,
      'invalid_cursor',
    ],
  ])('refuses %s with 400 problem+json', async (_name, query, code) => {
    const response = await as(listco.agent).get(`/api/v1/suggestions${query}`);
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.body.code).toBe(code);
  });

  it('shows nothing of another tenant', async () => {
    const response = await as(globex.agent).get('/api/v1/suggestions');
    expect(response.status).toBe(200);
    expect(response.body.items).toEqual([]);
  });
});

describe('GET /api/v1/suggestions for a tenant with thousands of open suggestions', () => {
  const OPEN = 2_500;
  /** Scores of the rules, several suggestions to each, so that the order also rests on the id. */
  const RULES = [
    ['same_unique_identifier', 0.95],
    ['identity_matches_contact', 0.9],
    ['same_contact_email', 0.85],
    ['same_contact_phone', 0.8],
    ['similar_email', 0.6],
    ['similar_email', 0.4],
  ] as const;
  interface Seeded {
    id: string;
    status: SuggestionStatus;
    rules: string[];
    score: number;
    customerIds: string[];
  }
  const seeded: Seeded[] = [];
  let customers: string[] = [];

  /** Best match first, then newest: the order the list promises. */
  const ranked = (items: Seeded[]): string[] =>
    [...items].sort((a, b) => b.score - a.score || (a.id < b.id ? 1 : -1)).map((item) => item.id);

  beforeAll(async () => {
    const tenantId = bigco.agent.tenantId;
    // 80 customers make 3,160 pairs: enough for every suggestion to have its own.
    customers = await Promise.all(
      Array.from({ length: 80 }, (_, index) => seedCustomer(tenantId, { name: `C${index}` })),
    );
    const pairs = customers.flatMap((a, index) => customers.slice(index + 1).map((b) => [a, b] as const));
    const statusOf = (index: number): SuggestionStatus =>
      index < OPEN ? 'open' : index % 2 === 0 ? 'blocked' : 'rejected';
    // Written straight to the collection in one command: what is tested is the listing, and a suggestion the
    // repository stores (validated document by document) is the same document.
    const now = Date.now();
    const documents = pairs.slice(0, OPEN + 100).map(([a, b], index) => {
      const [rule, score] = RULES[index % RULES.length];
      const second = index % 5 === 0 ? ([['same_contact_card', 0.8]] as const) : [];
      const evidence = [[rule, score] as const, ...second].map(([each, value]) => ({
        rule: each,
        values: ['v', 'v'],
        score: value,
      }));
      const key = pairKey(a, b);
      const at = new Date(now + index);
      return {
        _id: new Types.ObjectId(),
        tenantId: new Types.ObjectId(tenantId),
        pairKey: key,
        customerIds: key.split(':').map((id) => new Types.ObjectId(id)),
        openedFrom: new Types.ObjectId(a),
        status: statusOf(index),
        evidence,
        score,
        seenRules: evidence.map((item) => item.rule),
        blocks: [],
        history: [{ at, status: statusOf(index), by: 'worker' }],
        createdAt: at,
        updatedAt: at,
      };
    });
    await api.app.get<Model<unknown>>(getModelToken(Suggestion.name)).collection.insertMany(documents);
    for (const suggestion of documents) {
      seeded.push({
        id: suggestion._id.toHexString(),
        status: suggestion.status,
        rules: suggestion.seenRules,
        score: suggestion.score,
        customerIds: suggestion.customerIds.map((id) => id.toHexString()),
      });
    }
  });

  it('pages through 2,500 open suggestions, each exactly once, best match first', async () => {
    const listed = await listAll(bigco.agent, 'status=open&limit=100');
    const ids = listed.map((item) => item.id);
    expect(new Set(ids).size).toBe(OPEN);
    expect(ids).toEqual(ranked(seeded.filter((item) => item.status === 'open')));
    expect(listed.every((item) => item.customers.every((customer) => customer.name?.startsWith('C')))).toBe(true);
  });

  it('combines filters: statuses, rules (any of them), a minimum score and a customer', async () => {
    const customer = customers[3];
    const cases: [string, (item: Seeded) => boolean][] = [
      ['status=open&rule=similar_email', (item) => item.status === 'open' && item.rules.includes('similar_email')],
      [
        'status=open,blocked&rule=same_contact_card,same_unique_identifier&minScore=0.85',
        (item) =>
          item.status !== 'rejected' &&
          item.score >= 0.85 &&
          item.rules.some((rule) => ['same_contact_card', 'same_unique_identifier'].includes(rule)),
      ],
      ['minScore=0.9', (item) => item.score >= 0.9],
      [
        `status=open&customerId=${customer}&minScore=0.8`,
        (item) => item.status === 'open' && item.customerIds.includes(customer) && item.score >= 0.8,
      ],
      [
        `rule=similar_email&customerId=${customer}`,
        (item) => item.rules.includes('similar_email') && item.customerIds.includes(customer),
      ],
    ];
    for (const [query, keep] of cases) {
      const expected = ranked(seeded.filter(keep));
      expect(expected.length).toBeGreaterThan(0);
      expect((await listAll(bigco.agent, `${query}&limit=100`)).map((item) => item.id)).toEqual(expected);
    }
  });

  it('counts what the filters hold on the first page when an index can, and only then', async () => {
    const waiting = (item: Seeded): boolean => item.status !== 'rejected';
    const cases: [string, number | undefined][] = [
      ['status=open,blocked&limit=25', seeded.filter(waiting).length],
      [
        'status=open,blocked&minScore=0.85&limit=25',
        seeded.filter((item) => waiting(item) && item.score >= 0.85).length,
      ],
      [`customerId=${customers[3]}`, seeded.filter((item) => item.customerIds.includes(customers[3])).length],
      ['status=open&rule=similar_email', undefined],
    ];
    for (const [query, total] of cases) {
      const response = await as(bigco.agent).get(`/api/v1/suggestions?${query}`);
      expect(response.status).toBe(200);
      expect(response.body.total).toBe(total);
    }
    const first = await as(bigco.agent).get('/api/v1/suggestions?status=open&limit=25');
    expect(first.body.total).toBe(OPEN);
    const next = await as(bigco.agent).get(
      `/api/v1/suggestions?status=open&limit=25&cursor=${encodeURIComponent(first.body.nextCursor as string)}`,
    );
    expect(next.status).toBe(200);
    expect(next.body).not.toHaveProperty('total');
  });

  it('shows another tenant none of them, even filtered by one of their customers', async () => {
    for (const query of ['status=open', `customerId=${customers[3]}`, 'minScore=0']) {
      const response = await as(globex.agent).get(`/api/v1/suggestions?${query}`);
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ items: [], nextCursor: null, total: 0 });
    }
  });
});

describe('POST /api/v1/suggestions/:id/accept', () => {
  /** Accepts without naming a survivor; answers the merge once the worker finished it. */
  async function acceptByDefault(id: string): Promise<{ survivorId: string; victimIds: string[] }> {
    const response = await as(acme.agent).post(`/api/v1/suggestions/${id}/accept`);
    expect([200, 202]).toContain(response.status);
    await mergeFinished(response.body.merge.id);
    return response.body.merge;
  }

  it('keeps the older customer by default, though the suggestion was opened from the newer', async () => {
    const tenantId = acme.agent.tenantId;
    const { older, newer, id } = await seedPair(tenantId);
    const listed = await listAll(acme.agent, `customerId=${older}`);
    expect(listed.map((item) => [item.id, item.defaultSurvivorId])).toEqual([[id, older]]);

    const response = await as(acme.agent).post(`/api/v1/suggestions/${id}/accept`);

    expect([200, 202]).toContain(response.status);
    expect(response.body.suggestion).toMatchObject({ id, status: 'accepted', mergeId: response.body.merge.id });
    expect(response.body.merge).toMatchObject({
      survivorId: older,
      victimIds: [newer],
      trigger: 'suggestion',
      suggestionId: id,
      status: response.status === 200 ? 'done' : 'running',
    });
    await mergeFinished(response.body.merge.id);
    const merge = await as(acme.agent).get(`/api/v1/merges/${response.body.merge.id}`);
    expect(merge.body.status).toBe('done');
    const victim = await as(acme.agent).get(`/api/v1/customers/${newer}`);
    expect(victim.status).toBe(308);
    expect(victim.body.survivorId).toBe(older);
    expect(await suggestionOf(tenantId, id)).toMatchObject({ status: 'accepted' });
  });

  it('keeps a member over an older contact by default, and the older one when the tenant prefers the older', async () => {
    const pairIn = async (tenantId: string) => {
      const contact = await seedCustomer(tenantId, { createdAt: new Date('2025-01-01T00:00:00Z') });
      const member = await seedCustomer(tenantId, { kind: 'member', createdAt: new Date('2026-01-01T00:00:00Z') });
      return { contact, member, id: await seedSuggestion(tenantId, contact, member) };
    };
    const byKind = await pairIn(acme.agent.tenantId);
    const listed = await listAll(acme.agent, `customerId=${byKind.contact}`);
    expect(listed.map((item) => [item.id, item.defaultSurvivorId])).toEqual([[byKind.id, byKind.member]]);
    expect(await acceptByDefault(byKind.id)).toMatchObject({ survivorId: byKind.member, victimIds: [byKind.contact] });

    const olderco = await createTenantWithUsers(api.app, 'Olderco');
    const asOlderco = await signInAll(api.url, [olderco.agent]);
    await api.app
      .get(TenantRepository)
      .updateIdentitySettings(olderco.agent.tenantId, { ...SETTINGS, survivorPreference: 'older' });
    const byAge = await pairIn(olderco.agent.tenantId);
    const page = await asOlderco(olderco.agent).get(`/api/v1/suggestions?customerId=${byAge.member}`);
    expect(page.body.items.map((item: ListedSuggestion) => item.defaultSurvivorId)).toEqual([byAge.contact]);
    const accepted = await asOlderco(olderco.agent).post(`/api/v1/suggestions/${byAge.id}/accept`);
    expect([200, 202]).toContain(accepted.status);
    expect(accepted.body.merge).toMatchObject({ survivorId: byAge.contact, victimIds: [byAge.member] });
    await mergeFinished(accepted.body.merge.id);
  });

  it('of two created at the same instant, keeps the one with more conversations, else the lower id', async () => {
    const tenantId = acme.agent.tenantId;
    const instant = new Date('2025-06-01T12:00:00Z');
    const [low, high] = [
      await seedCustomer(tenantId, { createdAt: instant }),
      await seedCustomer(tenantId, { createdAt: instant }),
    ].sort();
    await seedConversations(tenantId, high, 2);
    await seedConversations(tenantId, low, 1);
    const busier = await seedSuggestion(tenantId, low, high);
    expect(await acceptByDefault(busier)).toMatchObject({ survivorId: high, victimIds: [low] });

    const [twinLow, twinHigh] = [
      await seedCustomer(tenantId, { createdAt: instant }),
      await seedCustomer(tenantId, { createdAt: instant }),
    ].sort();
    const twins = await seedSuggestion(tenantId, twinHigh, twinLow);
    expect(await acceptByDefault(twins)).toMatchObject({ survivorId: twinLow, victimIds: [twinHigh] });
  });

  it('keeps the chosen survivor, and refuses one outside the pair with 400 invalid_survivor', async () => {
    const tenantId = acme.agent.tenantId;
    const { older, newer, id } = await seedPair(tenantId);

    const outsider = await as(acme.agent).post(`/api/v1/suggestions/${id}/accept`, {
      survivorId: await seedCustomer(tenantId),
    });
    expect(outsider.status).toBe(400);
    expect(outsider.body.code).toBe('invalid_survivor');

    const response = await as(acme.agent).post(`/api/v1/suggestions/${id}/accept`, { survivorId: newer });
    expect([200, 202]).toContain(response.status);
    expect(response.body.merge).toMatchObject({ survivorId: newer, victimIds: [older] });
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
    const { newer: other, id } = await seedPair(tenantId);
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
