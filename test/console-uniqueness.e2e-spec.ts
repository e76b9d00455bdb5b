import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { DEFAULT_IDENTITY_SETTINGS } from '@app/domain';
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
 * "Apply to existing duplicates" in the console against the built api and worker: next to the uniqueness setting an
 * admin finds the customers that already share the enforced value (a dry run, nothing changes), then merges them,
 * the original kept. Screenshots go to `screenshots/`.
 */
const env = testEnvironment();
const SCREENSHOTS = join(process.cwd(), 'screenshots');
let api: RunningApp;
let worker: RunningApp;
let browser: Browser;
let tenant: CliTenant;
let page: Page | undefined;

const shot = (name: string) => page!.screenshot({ path: join(SCREENSHOTS, `uniqueness-${name}.png`), fullPage: true });

async function identified(requestId: string, email: string, name: string): Promise<string> {
  const response = await tenant.admin.post('/api/v1/customers/identify', { requestId, email, name });
  expect(response.status).toBe(201);
  return response.body.customer.id;
}

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  [api, worker] = await Promise.all([startAppProcess('api', env), startAppProcess('worker', env)]);
  tenant = await createTenantThroughCli(env, api.url, 'Uniqco');
  browser = await launchChromium();
});

afterAll(async () => {
  await page?.context().close();
  await browser?.close();
  await Promise.all([api?.stop(), worker?.stop()]);
  await dropTestDatabase(env);
});

it('an admin finds the existing duplicates without changing anything, then merges them into the originals', async () => {
  // Duplicates made while the setting was off: the newer profile got the original's email by an edit.
  const original = await identified('r-1', 'noor@uniqco.example', 'Noor');
  const newer = await identified('r-2', 'noor.h@uniqco.example', 'Noor H.');
  const edit = await tenant.admin.patch(`/api/v1/customers/${newer}`, {
    addContactData: [{ type: 'email', value: 'noor@uniqco.example' }],
  });
  expect(edit.status).toBe(200);
  expect(edit.body.uniqueness).toBeUndefined();
  const saved = await tenant.admin.put('/api/v1/settings/identity', {
    ...DEFAULT_IDENTITY_SETTINGS,
    enforceUniqueBy: 'email',
  });
  expect(saved.status).toBe(200);

  page = await signInToConsole(
    browser,
    api.url,
    { email: 'admin@uniqco.example', password: tenant.password },
    '/admin/settings',
  );
  const panel = page.getByTestId('existing-duplicates');
  await panel.waitFor();
  await panel.getByRole('button', { name: 'Find existing duplicates' }).click();
  const progress = panel.getByTestId('duplicates-progress');
  await panel.locator('[data-testid="duplicates-progress"][data-status="done"]').waitFor();
  expect(await progress.textContent()).toBe(
    '1 group of duplicates: 1 would merge, 0 a guard refuses. Nothing was changed.',
  );
  const group = panel.getByTestId('duplicates-report').getByRole('listitem');
  expect(await group.textContent()).toContain('noor@uniqco.example');
  expect(await group.textContent()).toContain('would merge');
  expect((await tenant.admin.get(`/api/v1/customers/${newer}`)).status).toBe(200);
  await shot('dry-run');

  await panel.getByRole('button', { name: 'Merge them (1 group)' }).click();
  await panel
    .locator('[data-testid="duplicates-progress"][data-status="done"]')
    .and(panel.getByText('Done: 1 group merged, 0 refused.'))
    .waitFor();
  expect(await group.getAttribute('data-outcome')).toBe('merged');
  await shot('merged');

  const tombstone = await tenant.admin.get(`/api/v1/customers/${newer}`);
  expect(tombstone.status).toBe(308);
  expect(tombstone.body.survivorId).toBe(original);
  // The group's link opens the original.
  await group.getByRole('link', { name: 'the original' }).click();
  await page.waitForURL(`**/customers/${original}`);
});
