import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '@app/realtime';
import { dropTestDatabase, runAppProcess, startAppProcess, testEnvironment, type RunningApp } from '@app/testing';

/**
 * The Suggestions panel of the console against the built api and worker: a cross-channel match appears live on
 * every agent's console, one agent previews and merges it, and the other sees it go (and the outcome, had they been
 * about to decide it); a blocked suggestion explains the guard, offers no Accept, and is rejected with a reason.
 */
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
const PASSWORD = 'a-long-password-123';

type Received = Parameters<ServerToClientEvents['message.received']>[0];

const env = testEnvironment();
let api: RunningApp;
let worker: RunningApp;
/** A second api instance, stopped and started again to cut a console's connection. */
let other: RunningApp | undefined;
let browser: Browser;
let adminToken: string;
let connectorKey: string;
let channelId: string;
let events: Socket<ServerToClientEvents, ClientToServerEvents>;
const received: Received[] = [];
let consumed = 0;
const waiters: (() => void)[] = [];
const contexts: BrowserContext[] = [];

async function call<T = unknown>(
  method: string,
  path: string,
  token: string,
  body?: object,
): Promise<{ status: number; body: T }> {
  const response = await fetch(`${api.url}${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
}

async function signInToken(email: string): Promise<string> {
  const response = await fetch(`${api.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { accessToken: string }).accessToken;
}

/** A customer known by email with `phone` on its profile, then a message from that phone: a suggestion. */
async function suggestionFor(name: string, email: string, phone: string): Promise<void> {
  const byEmail = await messageFrom(email, `${email}-1`);
  const edited = await call('PATCH', `/api/v1/customers/${byEmail}`, adminToken, {
    name,
    addContactData: [{ type: 'phone', value: phone }],
  });
  expect(edited.status).toBe(200);
  await messageFrom(phone, `${phone}-1`);
}

/** A connector message from `address`; answers the customer the worker filed it under. One at a time. */
async function messageFrom(address: string, externalId: string): Promise<string> {
  const response = await fetch(`${api.url}/api/v1/channels/${channelId}/messages`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${connectorKey}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ externalId, from: { address }, text: `Hello from ${address}` }),
  });
  expect(response.status).toBe(202);
  while (received.length <= consumed) await new Promise<void>((resolve) => waiters.push(resolve));
  const { customerId } = received[consumed];
  consumed += 1;
  return customerId;
}

async function agentPage(email: string, url = api.url): Promise<Page> {
  const context = await browser.newContext();
  contexts.push(context);
  const page = await context.newPage();
  await page.goto(url);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('[data-testid="connection-status"][data-state="live"]').waitFor();
  await page.getByTestId('suggestions-count').filter({ hasText: 'waiting' }).waitFor();
  return page;
}

const card = (page: Page, customerName: string) =>
  page.getByTestId('suggestion').filter({ has: page.getByTestId('suggestion-customer').getByText(customerName) });

beforeAll(async () => {
  [api, worker] = await Promise.all([startAppProcess('api', env), startAppProcess('worker', env)]);
  const created = await runAppProcess(
    'cli',
    [
      'tenant:create',
      '--name',
      'Suggestions',
      '--admin-email',
      'admin@suggestions.example',
      '--admin-password',
      PASSWORD,
    ],
    env,
  );
  expect(created.code).toBe(0);
  adminToken = await signInToken('admin@suggestions.example');
  for (const name of ['one', 'two']) {
    const user = {
      email: `agent-${name}@suggestions.example`,
      password: PASSWORD,
      name: `Agent ${name}`,
      role: 'agent',
    };
    expect((await call('POST', '/api/v1/users', adminToken, user)).status).toBe(201);
  }
  const channel = await call<{ id: string }>('POST', '/api/v1/channels', adminToken, {
    kind: 'api',
    name: 'Shop',
    config: {},
  });
  expect(channel.status).toBe(201);
  channelId = channel.body.id;
  const key = await call<{ key: string }>('POST', `/api/v1/channels/${channelId}/api-keys`, adminToken, {
    name: 'test',
  });
  expect(key.status).toBe(201);
  connectorKey = key.body.key;

  events = io(api.url, { auth: { token: adminToken }, transports: ['websocket'], reconnection: false });
  events.on('message.received', (event) => {
    received.push(event);
    for (const wake of waiters.splice(0)) wake();
  });
  await new Promise<void>((resolve, reject) => {
    events.once('connect', resolve);
    events.once('connect_error', reject);
  });
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_FLAGS });
});

afterAll(async () => {
  await Promise.all(contexts.map((context) => context.close()));
  await browser?.close();
  events?.disconnect();
  await Promise.all([api?.stop(), worker?.stop(), other?.stop()]);
  await dropTestDatabase(env);
});

it('shows a cross-channel match live to every agent; one previews and merges it, the other sees the outcome', async () => {
  const [first, second] = await Promise.all([
    agentPage('agent-one@suggestions.example'),
    agentPage('agent-two@suggestions.example'),
  ]);
  await first.getByTestId('suggestions-empty').waitFor();

  const ann = await messageFrom('ann@example.com', 'ann-1');
  const edited = await call('PATCH', `/api/v1/customers/${ann}`, adminToken, {
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

  // The second agent is about to accept too.
  await card(second, 'Ann Example').getByRole('button', { name: 'Accept' }).click();
  await second.getByTestId('merge-preview').waitFor();

  await card(first, 'Ann Example').getByRole('button', { name: 'Accept' }).click();
  const dialog = first.getByTestId('merge-dialog');
  await dialog.getByTestId('merge-preview').waitFor();
  await dialog.getByLabel('Keep Ann Example').check();
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
  const victim = await fetch(`${api.url}/api/v1/customers/${phone}`, {
    headers: { Authorization: `Bearer ${adminToken}` },
    redirect: 'manual',
  });
  expect(victim.status).toBe(308);
});

it('explains a blocked suggestion without an Accept button, and rejects it with a reason', async () => {
  const page = await agentPage('agent-one@suggestions.example');

  const carl = await messageFrom('carl@example.com', 'carl-1');
  expect(
    (
      await call('PATCH', `/api/v1/customers/${carl}`, adminToken, {
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
      await call('PATCH', `/api/v1/customers/${other}`, adminToken, {
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

  const rejected = await call<{ items: unknown[] }>('GET', '/api/v1/suggestions?status=rejected', adminToken);
  expect(rejected.body.items).toEqual([
    expect.objectContaining({ customerIds: expect.arrayContaining([carl, other]), status: 'rejected' }),
  ]);
});

it('catches up on what it missed while its connection was away, without a reload', async () => {
  other = await startAppProcess('api', env);
  const page = await agentPage('agent-two@suggestions.example', other.url);
  await suggestionFor('Dora Example', 'dora@example.com', '+16505550001');
  const dora = card(page, 'Dora Example');
  await dora.waitFor();
  const doraId = await dora.getAttribute('data-suggestion-id');

  // The console's api goes away; meanwhile (through the other api) Dora's suggestion is rejected and Eve's is found.
  const port = new URL(other.url).port;
  await other.stop();
  await page.locator('[data-testid="connection-status"]:not([data-state="live"])').waitFor();
  expect((await call('POST', `/api/v1/suggestions/${doraId}/reject`, adminToken, {})).status).toBe(200);
  await suggestionFor('Eve Example', 'eve@example.com', '+16505550002');

  other = await startAppProcess('api', { ...env, PORT: port });
  await page.locator('[data-testid="connection-status"][data-state="live"]').waitFor();
  await card(page, 'Eve Example').waitFor();
  await dora.waitFor({ state: 'detached' });
  expect(await page.getByTestId('suggestion').count()).toBe(1);
});
