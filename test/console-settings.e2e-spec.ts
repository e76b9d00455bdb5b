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
 * The identity settings page of the console against the built api: an admin edits the settings, is warned that they
 * apply to every customer, confirms, and the change is in force and in the settings' audit; agents and supervisors
 * get neither the page nor the routes. Screenshots go to `screenshots/`.
 */
const env = testEnvironment();
const SCREENSHOTS = join(process.cwd(), 'screenshots');
let api: RunningApp;
let browser: Browser;
let tenant: CliTenant;
const pages: Page[] = [];

const shot = (page: Page, name: string, fullPage = true) =>
  page.screenshot({ path: join(SCREENSHOTS, `settings-${name}.png`), fullPage });

async function consoleOf(email: string, path = '/'): Promise<Page> {
  const page = await signInToConsole(browser, api.url, { email, password: tenant.password }, path);
  pages.push(page);
  return page;
}

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  api = await startAppProcess('api', env);
  tenant = await createTenantThroughCli(env, api.url, 'Initech');
  browser = await launchChromium();
});

afterAll(async () => {
  await Promise.all(pages.map((page) => page.context().close()));
  await browser?.close();
  await api?.stop();
  await dropTestDatabase(env);
});

it('an admin changes the settings, is warned they apply to every customer, and the change is in force and audited', async () => {
  const page = await consoleOf('admin@initech.example');
  await page.getByRole('link', { name: 'Admin' }).click();
  await page.getByRole('link', { name: 'Identity settings' }).click();
  const form = page.getByTestId('settings-form');
  await form.waitFor();
  await page.getByText('The settings were never changed.').waitFor();
  expect(await page.getByRole('button', { name: 'Save settings' }).isDisabled()).toBe(true);

  await page.getByRole('button', { name: 'Add identifier type' }).click();
  await page.getByTestId('identifier-type-row').getByRole('textbox', { name: 'Type' }).fill('loyaltyCard');
  await page.getByRole('checkbox', { name: 'card', exact: true }).uncheck();
  await page.getByLabel('Shared-contact threshold').fill('8');
  await page.getByLabel(/^Blocklist/).fill(' Front.Desk@initech.example \n\n+15550100000');
  await page.getByLabel('After identify moves identifiers, the customer they came from').selectOption('tombstone');
  await page.getByLabel('Customer kept by default in a merge').selectOption({ label: 'the older, whatever its kind' });
  await page.getByRole('button', { name: 'Save settings' }).click();

  const dialog = page.getByTestId('settings-confirm');
  await dialog.getByTestId('settings-warning').waitFor();
  expect(await dialog.getByTestId('settings-warning').textContent()).toContain('apply to every customer');
  expect(await dialog.getByTestId('settings-changed').getByRole('listitem').allTextContents()).toEqual([
    'Unique identifier types',
    'Contact types that grant account access',
    'After identify moves identifiers, the customer they came from',
    'Customer kept by default in a merge',
    'Shared-contact threshold',
    'Blocklist',
  ]);
  await shot(page, 'warning', false);
  // Nothing is saved before the admin confirms.
  expect((await tenant.admin.get('/api/v1/settings/identity')).body.sharedContactThreshold).toBe(5);
  await page.getByTestId('confirm').click();

  await page.getByTestId('settings-notice').waitFor();
  const inForce = await tenant.admin.get('/api/v1/settings/identity');
  expect(inForce.body).toEqual({
    uniqueIdentifierTypes: [{ type: 'loyaltyCard', doNotMergeDifferent: true }],
    accessGrantingContactTypes: ['phone', 'email'],
    primaryIdentifier: 'phone',
    skipSecondary: false,
    identifyMergeVictim: 'tombstone',
    survivorPreference: 'older',
    enforceUniqueBy: 'off',
    sharedContactThreshold: 8,
    suggestionThreshold: 0.4,
    blocklist: ['front.desk@initech.example', '+15550100000'],
    trustUnauthenticatedEmail: false,
  });
  // No worker runs here: the check of every customer waits for one, and the page says so.
  await page.locator('[data-testid="settings-backfill"][data-state="waiting"]').waitFor();

  const admin = (await tenant.admin.get('/api/v1/users')).body.items.find(
    (user: { email: string }) => user.email === 'admin@initech.example',
  );
  const threshold = page.getByTestId('settings-change').filter({ hasText: 'Shared-contact threshold' });
  await threshold.waitFor();
  expect(await threshold.locator('td').allTextContents()).toEqual(['', '', '5', '8']);
  const first = page.getByTestId('settings-change').first();
  expect(await first.textContent()).toContain(admin.name);
  const blocklist = page.getByTestId('settings-change').filter({ hasText: 'Blocklist size' });
  expect(await blocklist.locator('td').allTextContents()).toEqual(['', '', '0', '2']);
  const preference = page.getByTestId('settings-change').filter({ hasText: 'Customer kept by default' });
  expect(await preference.locator('td').allTextContents()).toEqual(['', '', 'member_then_older', 'older']);
  await page.locator('input[value="8"]').and(page.getByLabel('Shared-contact threshold')).waitFor();
  expect(await page.getByRole('button', { name: 'Save settings' }).isDisabled()).toBe(true);
  await shot(page, 'saved');
});

it.each([
  ['an agent', 'agent'],
  ['a supervisor', 'supervisor'],
] as const)('%s gets neither the page nor the settings routes', async (_who, role) => {
  const { email, client } = await tenant.addUser(`pat-${role}`, role);
  const page = await consoleOf(email, '/admin/settings');
  await page.getByTestId('admin-only').waitFor();
  expect(await page.getByTestId('settings-form').count()).toBe(0);
  expect((await client.get('/api/v1/settings/identity')).status).toBe(403);
  const inForce = (await tenant.admin.get('/api/v1/settings/identity')).body;
  const refused = await client.put('/api/v1/settings/identity', { ...inForce, sharedContactThreshold: 3 });
  expect(refused.status).toBe(403);
  expect((await tenant.admin.get('/api/v1/settings/identity')).body).toEqual(inForce);
});
