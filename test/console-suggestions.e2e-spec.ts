import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import mongoose, { Types } from 'mongoose';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import request from 'supertest';
import {
  CONSOLE_VIEWPORT,
  createConnectorChannel,
  createTenantThroughCli,
  dropTestDatabase,
  launchChromium,
  RecordingConsole,
  startAppProcess,
  testEnvironment,
  type RestClient,
  type RunningApp,
} from '@app/testing';

/**
 * The Suggestions panel of the console against the built api and worker: a cross-channel match appears live on
 * every agent's console, one agent previews and merges it, and the other sees it go (and the outcome, had they been
 * about to decide it); a blocked suggestion explains the guard, offers no Accept, and is rejected with a reason.
 */
const env = testEnvironment();
const SCREENSHOTS = join(process.cwd(), 'screenshots');
let api: RunningApp;
let worker: RunningApp;
/** A second api instance, stopped and started again to cut a console's connection. */
let other: RunningApp | undefined;
let browser: Browser;
let admin: RestClient;
let tenantId: string;
let password: string;
const agentEmails: string[] = [];
let connector: { id: string; key: string };
let live: RecordingConsole;
/** The `message.received` events `messageFrom` has answered so far. */
let consumed = 0;
const contexts: BrowserContext[] = [];

/** A customer known by email with `phone` on its profile, then a message from that phone: a suggestion. */
async function suggestionFor(name: string, email: string, phone: string): Promise<void> {
  const byEmail = await messageFrom(email, `${email}-1`);
  const edited = await admin.patch(`/api/v1/customers/${byEmail}`, {
    name,
    addContactData: [{ type: 'phone', value: phone }],
  });
  expect(edited.status).toBe(200);
  await messageFrom(phone, `${phone}-1`);
}

/** A connector message from `address`; answers the customer the worker filed it under. One at a time. */
async function messageFrom(address: string, externalId: string): Promise<string> {
  const response = await request(api.url)
    .post(`/api/v1/channels/${connector.id}/messages`)
    .set('Authorization', `Bearer ${connector.key}`)
    .send({ externalId, from: { address }, text: `Hello from ${address}` });
  expect(response.status).toBe(202);
  consumed += 1;
  await live.next('message.received', () => live.named('message.received').length >= consumed);
  return live.named('message.received')[consumed - 1].customerId;
}

async function agentPage(email: string, url = api.url): Promise<Page> {
  const context = await browser.newContext();
  contexts.push(context);
  const page = await context.newPage();
  await page.goto(url);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('[data-testid="connection-status"][data-state="live"]').waitFor();
  await page.getByTestId('suggestions-count').filter({ hasText: 'waiting' }).waitFor();
  return page;
}

/**
 * `count` open suggestions between customers `Paged 01`… written straight to the database (as the worker stores
 * them, hours ago), rather than through hundreds of webhooks: the first `similar` with similar email addresses
 * (0.6), the others with an address of one listed on the other's profile (0.9).
 */
async function seedSuggestions(count: number, similar: number): Promise<void> {
  const connection = await mongoose.createConnection(env.MONGODB_URI, { dbName: env.MONGODB_DB }).asPromise();
  try {
    const tenant = new Types.ObjectId(tenantId);
    const hourAgo = Math.floor(Date.now() / 1000) - 3600;
    // Ids of distinct past seconds: older than anything the worker makes during the test.
    const at = (index: number) => ({
      id: Types.ObjectId.createFromTime(hourAgo - index),
      time: new Date((hourAgo - index) * 1000),
    });
    const customers = Array.from({ length: 12 }, (_, index) => ({
      _id: at(1000 + index).id,
      tenantId: tenant,
      name: `Paged ${String(index + 1).padStart(2, '0')}`,
      kind: 'contact',
      contactData: [],
      uniqueIdentifiers: [],
      mergedInto: null,
      createdAt: at(1000 + index).time,
      updatedAt: at(1000 + index).time,
    }));
    await connection.collection('customers').insertMany(customers);
    const pairs = customers.flatMap((a, index) => customers.slice(index + 1).map((b) => [a._id, b._id] as const));
    await connection.collection('suggestions').insertMany(
      pairs.slice(0, count).map(([a, b], index) => {
        const { id, time } = at(index);
        const evidence =
          index < similar
            ? { rule: 'similar_email', values: [`paged.${index}@gmail.com`, `paged${index}@gmail.com`], score: 0.6 }
            : {
                rule: 'identity_matches_contact',
                values: [`+1650555${1000 + index}`, `+1650555${1000 + index}`],
                score: 0.9,
              };
        const customerIds = [a, b].sort((x, y) => x.toHexString().localeCompare(y.toHexString()));
        return {
          _id: id,
          tenantId: tenant,
          pairKey: customerIds.map((customer) => customer.toHexString()).join(':'),
          customerIds,
          openedFrom: a,
          status: 'open',
          evidence: [evidence],
          score: evidence.score,
          seenRules: [evidence.rule],
          blocks: [],
          history: [{ at: time, status: 'open', by: 'worker' }],
          createdAt: time,
          updatedAt: time,
        };
      }),
    );
  } finally {
    await connection.close();
  }
}

/** The ids the api lists for `query` (waiting suggestions, best match first), every page, and its count. */
async function ranked(query = ''): Promise<{ ids: string[]; total: number | undefined }> {
  const ids: string[] = [];
  let total: number | undefined;
  let cursor: string | null = null;
  do {
    const suffix: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
    const response = await admin.get(`/api/v1/suggestions?status=open,blocked&limit=100${query}${suffix}`);
    expect(response.status).toBe(200);
    const body = response.body as { items: { id: string }[]; nextCursor: string | null; total?: number };
    total ??= body.total;
    ids.push(...body.items.map((item) => item.id));
    cursor = body.nextCursor;
  } while (cursor);
  return { ids, total };
}

const shownIds = async (page: Page): Promise<string[]> =>
  (await page.getByTestId('suggestion').evaluateAll((cards) => cards.map((each) => each.dataset.suggestionId))).map(
    String,
  );

const card = (page: Page, customerName: string) =>
  page.getByTestId('suggestion').filter({ has: page.getByTestId('suggestion-customer').getByText(customerName) });

beforeAll(async () => {
  [api, worker] = await Promise.all([startAppProcess('api', env), startAppProcess('worker', env)]);
  const tenant = await createTenantThroughCli(env, api.url, 'Suggestions');
  ({ admin, password, tenantId } = tenant);
  for (const name of ['agent-one', 'agent-two']) agentEmails.push((await tenant.addUser(name, 'agent')).email);
  connector = await createConnectorChannel(admin, 'api');
  live = await RecordingConsole.connect(api.url, admin.token);
  browser = await launchChromium();
});

afterAll(async () => {
  await Promise.all(contexts.map((context) => context.close()));
  await browser?.close();
  live?.close();
  await Promise.all([api?.stop(), worker?.stop(), other?.stop()]);
  await dropTestDatabase(env);
});

it('shows a cross-channel match live to every agent; one previews and merges it, the other sees the outcome', async () => {
  const [first, second] = await Promise.all([agentPage(agentEmails[0]), agentPage(agentEmails[1])]);
  await first.getByTestId('suggestions-empty').waitFor();

  const ann = await messageFrom('ann@example.com', 'ann-1');
  const edited = await admin.patch(`/api/v1/customers/${ann}`, {
    name: 'Ann Example',
    addContactData: [{ type: 'phone', value: '+1 650-555-1234' }],
  });
  expect(edited.status).toBe(200);
  const phone = await messageFrom('+16505551234', 'phone-1');
  expect(phone).not.toBe(ann);

  // Live, without a reload, on both consoles; the evidence in words once both profiles are loaded.
  for (const page of [first, second]) {
    const suggestion = card(page, 'Ann Example');
    await suggestion
      .getByTestId('suggestion-evidence')
      .getByText('is listed as a phone on Ann Example’s profile')
      .waitFor();
    expect(await suggestion.getByTestId('suggestion-customer').allTextContents()).toEqual(
      expect.arrayContaining(['Ann Example', '+1 650 555 1234']),
    );
    expect(await suggestion.getByTestId('suggestion-score').textContent()).toMatch(/Score \d+%/);
  }

  // Filters narrow the list and live in the address; the inbox is shot as a laptop shows it.
  await first.setViewportSize({ width: 1366, height: 768 });
  const filters = first.getByTestId('suggestion-filters');
  await filters.getByLabel('Minimum score').selectOption('0.9');
  await first.waitForURL(/minScore=0\.9/);
  await card(first, 'Ann Example').waitFor();
  // Clicked rather than checked: the box follows the address, which the router changes a moment later.
  await filters.getByLabel('Same unique identifier').click();
  await first.waitForURL(/rule=same_unique_identifier/);
  await first.getByTestId('suggestions-empty').getByText('match these filters').waitFor();
  await filters.getByLabel('Writes from contact data of the other').click();
  await first.waitForURL(/rule=identity_matches_contact/);
  await card(first, 'Ann Example').waitFor();
  mkdirSync(SCREENSHOTS, { recursive: true });
  await first.screenshot({ path: join(SCREENSHOTS, 'suggestions-inbox.png'), fullPage: true });
  await filters.getByLabel('Same unique identifier').click();
  await first.waitForURL((url) => !url.search.includes('same_unique_identifier'));
  await filters.getByLabel('Writes from contact data of the other').click();
  await first.waitForURL((url) => !url.search.includes('rule='));
  await filters.getByLabel('Minimum score').selectOption('');
  await first.waitForURL((url) => url.search === '');

  // The second agent is about to accept too.
  await card(second, 'Ann Example').getByRole('button', { name: 'Accept' }).click();
  await second.getByTestId('merge-preview').waitFor();

  await card(first, 'Ann Example').getByRole('button', { name: 'Accept' }).click();
  const dialog = first.getByTestId('merge-dialog');
  await dialog.getByTestId('merge-preview').waitFor();
  // The older profile (Ann's, created first) is proposed as kept; the agent could switch.
  expect(await dialog.getByLabel('Keep Ann Example').isChecked()).toBe(true);
  expect(await dialog.getByLabel('Keep +1 650 555 1234').isChecked()).toBe(false);
  await dialog.getByTestId('merge-removed').getByText('+1 650 555 1234 will be removed').waitFor();
  await dialog.getByTestId('merge-moves').getByText('1 conversation', { exact: true }).waitFor();
  expect(await dialog.getByTestId('merge-result').textContent()).toContain('Ann Example');
  expect(await dialog.getByTestId('merge-result').textContent()).toContain('+16505551234');
  await dialog.getByTestId('merge-confirm').click();

  await dialog.waitFor({ state: 'detached' });
  await card(first, 'Ann Example').waitFor({ state: 'detached' });
  await first.getByTestId('suggestions-empty').waitFor();
  await first.getByTestId('merged-notice').getByText('+1 650 555 1234 into Ann Example').waitFor();

  // The other agent: the outcome instead of an error, the suggestion gone, the merge announced.
  const outcome = second.getByTestId('merge-dialog').getByTestId('suggestion-outcome');
  await outcome.waitFor();
  expect(await outcome.getAttribute('data-status')).toBe('accepted');
  expect(await second.getByTestId('merge-dialog').getByTestId('merge-confirm').count()).toBe(0);
  await second.getByTestId('merge-dialog').getByRole('button', { name: 'Close' }).click();
  await second.getByTestId('suggestions-empty').waitFor();
  expect(await card(second, 'Ann Example').count()).toBe(0);
  await second.getByTestId('merged-notice').getByText('into Ann Example').waitFor();

  // The victim is a tombstone now.
  const victim = await admin.get(`/api/v1/customers/${phone}`);
  expect(victim.status).toBe(308);
});

it('explains a blocked suggestion without an Accept button, and rejects it with a reason', async () => {
  const page = await agentPage(agentEmails[0]);

  const carl = await messageFrom('carl@example.com', 'carl-1');
  expect(
    (
      await admin.patch(`/api/v1/customers/${carl}`, {
        name: 'Carl Example',
        addContactData: [
          { type: 'phone', value: '+1 650-555-9876' },
          { type: 'email', value: 'carl@example.com', grantsAccess: true },
        ],
      })
    ).status,
  ).toBe(200);
  const other = await messageFrom('+16505559876', 'carl-phone-1');
  const suggestion = card(page, 'Carl Example');
  await suggestion.getByRole('button', { name: 'Accept' }).waitFor();

  // The phone's customer logs in with another email: a guard now refuses the merge, live.
  expect(
    (
      await admin.patch(`/api/v1/customers/${other}`, {
        addContactData: [{ type: 'email', value: 'carla@example.com', grantsAccess: true }],
      })
    ).status,
  ).toBe(200);
  const blocked = suggestion.getByTestId('suggestion-blocked');
  await blocked.waitFor();
  expect(await suggestion.getAttribute('data-status')).toBe('blocked');
  expect(await blocked.textContent()).toContain('Different contacts grant account access');
  expect(await blocked.textContent()).toContain('carla@example.com');
  expect(await blocked.getByTestId('guard-remedies').locator('li').count()).toBeGreaterThan(0);
  expect(await suggestion.getByRole('button', { name: 'Accept' }).count()).toBe(0);

  await suggestion.getByRole('button', { name: 'Reject' }).click();
  const dialog = page.getByTestId('reject-dialog');
  await dialog.getByLabel('Reason (optional)').fill('Carl and Carla are siblings');
  await dialog.getByTestId('reject-confirm').click();
  await dialog.waitFor({ state: 'detached' });
  await suggestion.waitFor({ state: 'detached' });

  const rejected = await admin.get('/api/v1/suggestions?status=rejected');
  expect(rejected.body.items).toEqual([
    expect.objectContaining({ customerIds: expect.arrayContaining([carl, other]), status: 'rejected' }),
  ]);
});

it('catches up on what it missed while its connection was away, without a reload', async () => {
  other = await startAppProcess('api', env);
  const page = await agentPage(agentEmails[1], other.url);
  await suggestionFor('Dora Example', 'dora@example.com', '+16505550001');
  const dora = card(page, 'Dora Example');
  await dora.waitFor();
  const doraId = await dora.getAttribute('data-suggestion-id');

  // The console's api goes away; meanwhile (through the other api) Dora's suggestion is rejected and Eve's is found.
  const port = new URL(other.url).port;
  await other.stop();
  await page.locator('[data-testid="connection-status"]:not([data-state="live"])').waitFor();
  expect((await admin.post(`/api/v1/suggestions/${doraId}/reject`)).status).toBe(200);
  await suggestionFor('Eve Example', 'eve@example.com', '+16505550002');

  other = await startAppProcess('api', { ...env, PORT: port });
  await page.locator('[data-testid="connection-status"][data-state="live"]').waitFor();
  await card(page, 'Eve Example').waitFor();
  await dora.waitFor({ state: 'detached' });
  expect(await page.getByTestId('suggestion').count()).toBe(1);
});

it('pages a long inbox from the api, best match first: Show more, filters, a live suggestion, a customer link', async () => {
  await seedSuggestions(60, 20);
  const all = await ranked();
  expect(all.ids.length).toBeGreaterThan(50);
  expect(all.total).toBe(all.ids.length);
  const page = await agentPage(agentEmails[0]);
  await page.setViewportSize(CONSOLE_VIEWPORT);

  // The first page: 25 cards in the api's order, and the count of all.
  const count = page.getByTestId('suggestions-count');
  await count.getByText(`25 shown of ${all.total} waiting`).waitFor();
  expect(await shownIds(page)).toEqual(all.ids.slice(0, 25));

  // A match found now (0.9, the newest) takes its place among what is shown; the count follows.
  await suggestionFor('Gus Example', 'gus@example.com', '+16505550004');
  await card(page, 'Gus Example').waitFor();
  const withGus = await ranked();
  expect(withGus.ids.length).toBe(all.ids.length + 1);
  await count.getByText(`26 shown of ${withGus.total} waiting`).waitFor();
  expect(await shownIds(page)).toEqual(withGus.ids.slice(0, 26));
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, 'suggestions-inbox-paged.png') });

  // A filter reads from the api: the similar emails all score below the first page, none of them loaded yet.
  const similar = await ranked('&rule=similar_email');
  expect(similar.ids.length).toBe(20);
  expect(similar.ids.some((id) => withGus.ids.slice(0, 26).includes(id))).toBe(false);
  await page.getByTestId('suggestion-filters').getByLabel('Similar email addresses').click();
  await page.waitForURL(/rule=similar_email/);
  await count.getByText('20 waiting that match').waitFor();
  expect(await shownIds(page)).toEqual(similar.ids);
  await page.getByTestId('suggestion-filters').getByLabel('Similar email addresses').click();
  await page.waitForURL((url) => url.search === '');
  await count.getByText(`25 shown of ${withGus.total} waiting`).waitFor();
  expect(await shownIds(page)).toEqual(withGus.ids.slice(0, 25));

  // Show more: the next pages, each suggestion once, until there is no more.
  const more = page.getByTestId('suggestions-more');
  await more.click();
  await count.getByText(`50 shown of ${withGus.total} waiting`).waitFor();
  expect(await shownIds(page)).toEqual(withGus.ids.slice(0, 50));
  await more.scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(SCREENSHOTS, 'suggestions-inbox-more.png') });
  await more.click();
  await count.getByText(`${withGus.total} waiting`, { exact: true }).waitFor();
  await more.waitFor({ state: 'detached' });
  const shown = await shownIds(page);
  expect(new Set(shown).size).toBe(shown.length);
  expect(shown).toEqual(withGus.ids);

  // A customer's name opens their page.
  const link = card(page, 'Paged 01').getByTestId('suggestion-customer').getByText('Paged 01');
  await link.first().click();
  await page.waitForURL(/\/customers\/[0-9a-f]{24}$/);
  await page.getByTestId('customer-name').getByText('Paged 01').waitFor();
});
