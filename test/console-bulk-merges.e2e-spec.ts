import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import request from 'supertest';
import {
  createConnectorChannel,
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
 * Admin › Bulk merges against the built api and worker: an integration's and an admin's bulk merges are listed
 * newest first, followed until done (the page reads them again while they run), with who sent them, their pairs
 * done and outcomes; an agent gets neither the page nor the route. Screenshots go to `screenshots/`.
 */
const env = testEnvironment();
const SCREENSHOTS = join(process.cwd(), 'screenshots');
let api: RunningApp;
let worker: RunningApp;
let browser: Browser;
let tenant: CliTenant;
let serial = 0;

/** A customer made through identify (as an integration would), by the tenant's admin; answers its id. */
async function customer(): Promise<string> {
  serial += 1;
  const phone = `+1 202 555 01${String(serial).padStart(2, '0')}`;
  const created = await tenant.admin.post('/api/v1/customers/identify', { requestId: `seed-${serial}`, phone });
  expect(created.status).toBe(201);
  return created.body.customer.id as string;
}

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  [api, worker] = await Promise.all([startAppProcess('api', env), startAppProcess('worker', env)]);
  tenant = await createTenantThroughCli(env, api.url, 'Bulkco');
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await Promise.all([api?.stop(), worker?.stop()]);
  await dropTestDatabase(env);
});

it('an admin follows the bulk merges of an integration and of an admin until done, newest first', async () => {
  const [a, b, c, d, e, f] = [
    await customer(),
    await customer(),
    await customer(),
    await customer(),
    await customer(),
    await customer(),
  ];
  const { key } = await createConnectorChannel(tenant.admin, 'api');
  const fromCrm = await request(api.url)
    .post('/api/v1/merges/bulk')
    .set('Authorization', `Bearer ${key}`)
    .send({
      idempotencyKey: 'crm-weekly',
      pairs: [
        { survivorId: a, victimId: b },
        { survivorId: c, victimId: d },
        { survivorId: a, victimId: '665f1c2e8b3a4d0012345679' },
      ],
    });
  expect(fromCrm.status).toBe(202);
  const byAdmin = await tenant.admin.post('/api/v1/merges/bulk', {
    idempotencyKey: 'admin-cleanup',
    pairs: [{ survivorId: e, victimId: f }],
  });
  expect(byAdmin.status).toBe(202);

  const page = await signInToConsole(browser, api.url, { email: 'admin@bulkco.example', password: tenant.password });
  await page.getByRole('link', { name: 'Admin' }).click();
  await page.getByRole('link', { name: 'Bulk merges' }).click();
  const rows = page.getByTestId('bulk-row');
  await page.locator('[data-testid="bulk-row"][data-status="done"]').nth(1).waitFor();
  expect(await rows.count()).toBe(2);
  const cells = async (index: number) =>
    (await rows.nth(index).locator('th, td').allTextContents()).slice(1).map((text) => text.trim());
  const [newest, older] = [await cells(0), await cells(1)];
  expect(newest.slice(0, 5)).toEqual(['admin-cleanup', 'an admin', 'done', '1 of 1 pairs', 'merged 1']);
  expect(older.slice(0, 5)).toEqual([
    'crm-weekly',
    'an integration (connector key)',
    'done',
    '3 of 3 pairs',
    'merged 2, not found 1',
  ]);
  expect(newest[5]).toMatch(/^\d+(\.\d)? s$|^\d+ min \d+ s$/);
  await page.screenshot({ path: join(SCREENSHOTS, 'bulk-merges.png'), fullPage: true });

  const { email, client } = await tenant.addUser('pat-agent', 'agent');
  const agentPage = await signInToConsole(browser, api.url, { email, password: tenant.password }, '/admin/bulk-merges');
  await agentPage.getByTestId('admin-only').waitFor();
  expect(await agentPage.getByTestId('bulk-table').count()).toBe(0);
  expect((await client.get('/api/v1/merges/bulk')).status).toBe(403);
  await Promise.all([page.context().close(), agentPage.context().close()]);
}, 120_000);
