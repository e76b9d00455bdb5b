import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import {
  createTenantThroughCli,
  dropTestDatabase,
  launchChromium,
  signInToConsole,
  startAppProcess,
  testEnvironment,
  type CliTenant,
  type RunningApp,
} from '@app/testing';

/**
 * Issue 15's loose ends in the console, against the built api: an admin trusts an existing connector key after a
 * confirmation that says what it means (and takes the trust back), and the webhook URL of a new SMS channel carries
 * Twilio's retry overrides. Screenshots go to `screenshots/`.
 */
const env = testEnvironment({ PUBLIC_URL: 'https://contact.keyshop.example' });
const SCREENSHOTS = join(process.cwd(), 'screenshots');
let api: RunningApp;
let browser: Browser;
let tenant: CliTenant;
const pages: Page[] = [];

const shot = (page: Page, name: string, fullPage = true) =>
  page.screenshot({ path: join(SCREENSHOTS, `keys-${name}.png`), fullPage });

async function adminConsole(path: string): Promise<Page> {
  const page = await signInToConsole(
    browser,
    api.url,
    { email: 'admin@keyshop.example', password: tenant.password },
    path,
  );
  pages.push(page);
  return page;
}

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  api = await startAppProcess('api', env);
  tenant = await createTenantThroughCli(env, api.url, 'Keyshop');
  browser = await launchChromium();
});

afterAll(async () => {
  await Promise.all(pages.map((page) => page.context().close()));
  await browser?.close();
  await api?.stop();
  await dropTestDatabase(env);
});

it('an admin trusts an existing connector key after reading what it means, and takes the trust back', async () => {
  const channel = await tenant.admin.post('/api/v1/channels', { kind: 'api', name: 'Shop connector' });
  const created = await tenant.admin.post(`/api/v1/channels/${channel.body.id}/api-keys`, { name: 'Shop backend' });
  expect(created.body.trusted).toBe(false);
  const keyOf = async () =>
    (await tenant.admin.get(`/api/v1/channels/${channel.body.id}/api-keys`)).body.items.find(
      (key: { id: string }) => key.id === created.body.id,
    );

  const page = await adminConsole(`/admin/channels/${channel.body.id}/keys`);
  const row = page.getByTestId('key-row').filter({ hasText: 'Shop backend' });
  await row.getByTestId('key-trust').filter({ hasText: 'Unverified' }).waitFor();
  await shot(page, 'unverified');

  await row.getByRole('button', { name: 'Trust' }).click();
  const dialog = page.getByTestId('trust-key-dialog');
  await dialog.getByText('without an agent confirming it').waitFor();
  await dialog.getByText('Trust only a connector that checks who its users are').waitFor();
  await shot(page, 'trust-dialog', false);
  await dialog.getByTestId('confirm').click();
  await row.getByTestId('key-trust').filter({ hasText: 'Trusted' }).waitFor();
  await shot(page, 'trusted');
  expect(await keyOf()).toMatchObject({ trusted: true, name: 'Shop backend' });

  await row.getByRole('button', { name: 'Stop trusting' }).click();
  await page.getByTestId('trust-key-dialog').getByText('is an unverified claim').waitFor();
  await shot(page, 'untrust-dialog', false);
  await page.getByTestId('trust-key-dialog').getByTestId('confirm').click();
  await row.getByTestId('key-trust').filter({ hasText: 'Unverified' }).waitFor();
  expect(await keyOf()).toMatchObject({ trusted: false });

  const trail = await tenant.admin.get('/api/v1/audit?type=connector-key.updated');
  expect(trail.body.items.map((record: { after: { trusted: boolean } }) => record.after.trusted)).toEqual([
    false,
    true,
  ]);
});

it("shows a new SMS channel's webhook URL with Twilio's retry overrides, to paste whole", async () => {
  const page = await adminConsole('/admin/channels');
  await page.getByRole('button', { name: 'New channel' }).click();
  const dialog = page.getByTestId('new-channel-dialog');
  await dialog.getByLabel('Kind').selectOption('sms');
  await dialog.getByLabel('Name').fill('Support SMS');
  await dialog.getByLabel('Account SID').fill(`AC${'0123456789abcdef'.repeat(2)}`);
  await dialog.getByLabel('Auth token').fill('twilio-auth-token');
  await dialog.getByLabel('Phone number').fill('+15550100777');
  await page.getByTestId('confirm').click();

  const url = await page.getByTestId('created-webhook-url').inputValue();
  expect(url).toMatch(
    /^https:\/\/contact\.keyshop\.example\/webhooks\/twilio\/[0-9a-f]{24}#rc=5&rp=ct,rt,5xx&ct=\d+&rt=\d+&tt=\d+$/,
  );
  await page.getByTestId('twilio-retry-note').waitFor();
  await page.getByTestId('channel-row').filter({ hasText: 'Support SMS' }).waitFor();
  await shot(page, 'sms-channel');
});
