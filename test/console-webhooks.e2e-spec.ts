import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import {
  createTenantThroughCli,
  dropTestDatabase,
  eventually,
  launchChromium,
  signInToConsole,
  startAppProcess,
  startWebhookReceiver,
  testEnvironment,
  verifyWebhookSignature,
  type CliTenant,
  type RunningApp,
  type WebhookReceiver,
} from '@app/testing';

/**
 * The Webhooks admin page against the built api and worker: an admin subscribes a receiver (the secret shown once),
 * the receiver keeps failing until the subscription is paused (a one-second window stands for the day), the page shows
 * it paused, the admin resumes it and the delivery log shows the failed attempts and the delivery; then deletes it.
 * Screenshots go to `screenshots/`.
 */
const env = testEnvironment({
  ALLOW_PRIVATE_WEBHOOK_URLS: 'true',
  WEBHOOKS_FEED_INTERVAL_MS: '100',
  WEBHOOKS_PAUSE_AFTER_SECONDS: '1',
});
const SCREENSHOTS = join(process.cwd(), 'screenshots');
let api: RunningApp;
let worker: RunningApp;
let browser: Browser;
let tenant: CliTenant;
let hooks: WebhookReceiver;
let page: Page;

const shot = (name: string) => page.screenshot({ path: join(SCREENSHOTS, `webhooks-${name}.png`), fullPage: true });

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  [api, worker] = await Promise.all([startAppProcess('api', env), startAppProcess('worker', env)]);
  tenant = await createTenantThroughCli(env, api.url, 'Hooli');
  browser = await launchChromium();
  // Failing fast (Retry-After: 1) makes the one-second window pass after two attempts.
  hooks = await startWebhookReceiver(() => ({ status: 500, headers: { 'Retry-After': '1' } }));
});

afterAll(async () => {
  await page?.context().close();
  await browser?.close();
  await hooks?.close();
  await Promise.all([api?.stop(), worker?.stop()]);
  await dropTestDatabase(env);
});

it('an admin subscribes, sees the subscription paused after failing, resumes it and reads the delivery log', async () => {
  page = await signInToConsole(browser, api.url, { email: 'admin@hooli.example', password: tenant.password }, '/');
  await page.getByRole('link', { name: 'Admin' }).click();
  await page.getByRole('link', { name: 'Webhooks' }).click();
  await page.getByText('No subscriptions yet.').waitFor();

  await page.getByLabel('Receiver URL').fill(hooks.url);
  await page.getByRole('checkbox', { name: /customer\.merged/ }).uncheck();
  await page.getByRole('checkbox', { name: /customer\.created/ }).check();
  await page.getByRole('button', { name: 'Subscribe' }).click();
  const secret = await page.getByTestId('webhook-secret').inputValue();
  expect(secret).toMatch(/^whsec_/);
  await page.getByTestId('webhook-row').waitFor();
  expect(await page.getByTestId('webhook-status').textContent()).toContain('Active');
  await shot('created');
  await page.getByRole('button', { name: 'I have copied it' }).click();
  expect(await page.getByTestId('webhook-secret').count()).toBe(0);

  const identified = await tenant.admin.post('/api/v1/customers/identify', {
    requestId: 'hooli-1',
    email: 'ann@hooli.example',
    name: 'Ann',
  });
  expect(identified.status).toBe(201);
  const eventId = `customer.created:${identified.body.customer.id}`;
  const [subscription] = (await tenant.admin.get('/api/v1/webhook-subscriptions')).body.items;
  await eventually(
    async () => (await tenant.admin.get(`/api/v1/webhook-subscriptions/${subscription.id}`)).body.status,
    (status) => status === 'paused',
  );
  await page.reload();
  await page.getByText(/^Paused/).waitFor();
  await shot('paused');

  hooks.answerWith(() => ({ status: 200 }));
  await page.getByRole('button', { name: 'Resume' }).click();
  await page.getByText(/^Active/).waitFor();
  const received = await hooks.waitFor((all) =>
    all.some((request) => request.body.id === eventId && request.answered === 200),
  );
  const accepted = received.filter((request) => request.answered === 200);
  expect(accepted.map((request) => request.body.id)).toEqual([eventId]);
  expect(verifyWebhookSignature(secret, accepted[0].headers['x-signature'] as string, accepted[0].raw)).toBe(true);

  await page.getByRole('link', { name: 'Deliveries' }).click();
  const row = page.getByTestId('delivery-row').filter({ hasText: eventId });
  await row.waitFor();
  await eventually(
    async () => {
      await page.getByRole('button', { name: 'Refresh' }).click();
      return row.getByText('delivered').count();
    },
    (count) => count === 1,
  );
  const attempts = await row.getByTestId('delivery-attempt').allTextContents();
  expect(attempts.at(-1)).toContain('HTTP 200');
  expect(attempts.slice(0, -1).every((attempt) => attempt.includes('HTTP 500'))).toBe(true);
  expect(attempts.length).toBeGreaterThanOrEqual(3);
  await shot('deliveries');

  await page.getByRole('link', { name: 'Back to webhooks' }).click();
  await page.getByRole('button', { name: 'Delete' }).click();
  await page.getByTestId('delete-webhook-dialog').getByRole('button', { name: 'Delete subscription' }).click();
  await page.getByText('No subscriptions yet.').waitFor();
  expect((await tenant.admin.get('/api/v1/webhook-subscriptions')).body.items).toEqual([]);
});
