import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import request from 'supertest';
import {
  createConnectorChannel,
  createTenantThroughCli,
  dropTestDatabase,
  launchChromium,
  RecordingConsole,
  signInToConsole,
  startAppProcess,
  testEnvironment,
  type RestClient,
  type RunningApp,
} from '@app/testing';

/**
 * Customer assets in the console against the built api and worker: the merge preview lists what the removed
 * profile's integrations recorded and the kept profile's loyalty after the merge; once merged, the kept profile's
 * page shows both profiles' cards, house account and transactions and the added-up points. The preview and the page
 * are shot to the git-ignored `screenshots/` folder.
 */
const env = testEnvironment();
const SCREENSHOTS = join(process.cwd(), 'screenshots');
let api: RunningApp;
let worker: RunningApp;
let browser: Browser;
let admin: RestClient;
let agent: { email: string; password: string };
let connector: { id: string; key: string };
let live: RecordingConsole;
let received = 0;

async function emailFrom(address: string, externalId: string, name: string): Promise<string> {
  const response = await request(api.url)
    .post(`/api/v1/channels/${connector.id}/messages`)
    .set('Authorization', `Bearer ${connector.key}`)
    .send({ externalId, from: { address, name }, text: 'Hello' });
  expect(response.status).toBe(202);
  received += 1;
  await live.next('message.received', () => live.named('message.received').length >= received);
  return live.named('message.received')[received - 1].customerId;
}

async function record(customerId: string, method: 'put' | 'post', subPath: string, body: object): Promise<void> {
  const response = await request(api.url)
    [method](`/api/v1/customers/${customerId}/assets/${subPath}`)
    .set('Authorization', `Bearer ${connector.key}`)
    .send(body);
  expect([200, 201]).toContain(response.status);
}

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  [api, worker] = await Promise.all([startAppProcess('api', env), startAppProcess('worker', env)]);
  const tenant = await createTenantThroughCli(env, api.url, 'Retailers');
  admin = tenant.admin;
  agent = { email: (await tenant.addUser('agent', 'agent')).email, password: tenant.password };
  connector = await createConnectorChannel(admin, 'api');
  live = await RecordingConsole.connect(api.url, admin.token);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  live?.close();
  await Promise.all([api?.stop(), worker?.stop()]);
  await dropTestDatabase(env);
});

it('previews the assets a merge brings, then shows them on the kept profile with the points added up', async () => {
  const kept = await emailFrom('nora.lind@example.com', 'nora-1', 'Nora Lind');
  const removed = await emailFrom('n.lind@example.com', 'nora-2', 'N. Lind');
  await record(kept, 'put', 'loyalty', { points: 1200, tier: 'silver', tierRank: 2, tierProgress: 300 });
  await record(kept, 'put', 'gift-cards/GC-1001', { balance: 15, status: 'active' });
  await record(kept, 'post', 'transactions', {
    externalId: 'pos-1',
    amount: 42.5,
    currency: 'EUR',
    occurredAt: '2026-03-01T09:30:00Z',
    store: 'Berlin Mitte',
  });
  await record(removed, 'put', 'loyalty', { points: 800, tier: 'gold', tierRank: 3, tierProgress: 150 });
  await record(removed, 'put', 'gift-cards/GC-2002', { balance: 40, status: 'active' });
  await record(removed, 'put', 'reward-cards/RC-77', { balance: 3, status: 'active' });
  await record(removed, 'put', 'house-accounts/HA-9', { balance: -120, status: 'active' });
  await record(removed, 'post', 'transactions', {
    externalId: 'web-7',
    amount: 19.99,
    currency: 'EUR',
    occurredAt: '2026-02-11T18:05:00Z',
    channel: 'web',
  });

  const page = await signInToConsole(browser, api.url, agent, `/customers/${kept}`);
  const assets = page.getByTestId('customer-assets');
  await assets.getByTestId('asset-loyalty').getByText('1200 points').waitFor();
  await page.getByTestId('merge-with-button').click();
  const dialog = page.getByTestId('profile-merge-dialog');
  await dialog.getByLabel('Find the other profile of this person').fill('N. Lind');
  await dialog.getByTestId('search-result').filter({ hasText: 'N. Lind' }).getByRole('button').click();

  const preview = dialog.getByTestId('merge-assets');
  await preview.getByTestId('merge-assets-loyalty').waitFor();
  expect(await preview.getByTestId('merge-asset').allTextContents()).toEqual([
    'Gift card GC-2002, balance 40',
    'Reward card RC-77, balance 3',
    'House account HA-9, balance -120',
  ]);
  expect(await preview.getByTestId('merge-assets-loyalty').textContent()).toBe(
    '800 points, gold, tier progress 150 added: 2000 points, gold, tier progress 450 after the merge',
  );
  await preview.getByTestId('merge-assets-loyalty').scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(SCREENSHOTS, 'assets-merge-preview.png') });

  await dialog.getByTestId('merge-confirm').click();
  await live.next('customer.merged', (event) => event.survivorId === kept);
  await dialog.waitFor({ state: 'detached' });
  await assets.getByTestId('asset-loyalty').getByText('2000 points').waitFor();
  expect(await assets.getByTestId('asset-giftCards').allTextContents()).toEqual([
    'GC-1001 balance 15',
    'GC-2002 balance 40',
  ]);
  expect(await assets.getByTestId('asset-rewardCards').allTextContents()).toEqual(['RC-77 balance 3']);
  expect(await assets.getByTestId('asset-houseAccounts').allTextContents()).toEqual(['HA-9 balance -120']);
  expect(await assets.getByTestId('asset-transaction').count()).toBe(2);
  await assets.scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(SCREENSHOTS, 'assets-after-merge.png'), fullPage: true });
});
