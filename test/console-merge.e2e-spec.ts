import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import request from 'supertest';
import {
  createConnectorChannel,
  createTenantThroughCli,
  createWhatsappChannel,
  dropTestDatabase,
  launchChromium,
  RecordingConsole,
  signInToConsole,
  startAppProcess,
  stopAfterJournalStep,
  testEnvironment,
  whatsappHeaders,
  whatsappTextDelivery,
  type RestClient,
  type RunningApp,
  type WhatsappChannel,
} from '@app/testing';

/**
 * Merging from a customer page against the built api and worker: "Merge into…" from the profile that goes, with a
 * pick of the removed profile's name, lands on the kept one holding both conversations; the removed page leads
 * there too; the whole "Merge with…" flow, sign-in included, works from the keyboard alone; a guard's refusal is
 * explained with its remedies and nothing can be merged; a merge answered 202 (a worker frozen halfway) is waited for
 * until its customer.merged arrives; a suggestion's merge sends the pick made in its preview. The page's merge buttons and the preview with its picks are
 * shot to the git-ignored `screenshots/` folder.
 */
const env = testEnvironment();
const SCREENSHOTS = join(process.cwd(), 'screenshots');
let api: RunningApp;
let worker: RunningApp;
let browser: Browser;
let admin: RestClient;
let agent: { email: string; password: string };
let connector: { id: string; key: string };
let whatsapp: WhatsappChannel;
let live: RecordingConsole;
let received = 0;

/** Waits for the worker to file the latest delivery; answers its customer. */
async function filed(): Promise<string> {
  received += 1;
  await live.next('message.received', () => live.named('message.received').length >= received);
  return live.named('message.received')[received - 1].customerId;
}

async function emailFrom(address: string, externalId: string, text: string): Promise<string> {
  const response = await request(api.url)
    .post(`/api/v1/channels/${connector.id}/messages`)
    .set('Authorization', `Bearer ${connector.key}`)
    .send({ externalId, from: { address }, text });
  expect(response.status).toBe(202);
  return filed();
}

async function whatsappFrom(waId: string, messageId: string, text: string): Promise<string> {
  const body = whatsappTextDelivery(whatsapp.phoneNumberId, waId, messageId, text);
  const response = await request(api.url)
    .post(`/webhooks/whatsapp/${whatsapp.id}`)
    .set(whatsappHeaders(body, whatsapp.appSecret))
    .send(body);
  expect(response.status).toBe(200);
  return filed();
}

async function named(customerId: string, name: string): Promise<void> {
  expect((await admin.patch(`/api/v1/customers/${customerId}`, { name })).status).toBe(200);
}

/** Whether the element with focus is `selector` (the page's, or the open dialog's). */
const focused = (page: Page, selector: string): Promise<boolean> =>
  page.locator(selector).evaluate((node) => node === node.ownerDocument.activeElement);

/** Presses Tab until `selector` has focus, as someone without a mouse would. */
async function tabTo(page: Page, selector: string): Promise<void> {
  for (let presses = 0; presses < 40; presses += 1) {
    if (await focused(page, selector)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${selector}`);
}

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  [api, worker] = await Promise.all([startAppProcess('api', env), startAppProcess('worker', env)]);
  const tenant = await createTenantThroughCli(env, api.url, 'Mergers');
  admin = tenant.admin;
  agent = { email: (await tenant.addUser('agent', 'agent')).email, password: tenant.password };
  connector = await createConnectorChannel(admin, 'api');
  whatsapp = await createWhatsappChannel(admin, '106540352242933', 'whatsapp-app-secret-456');
  live = await RecordingConsole.connect(api.url, admin.token);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  live?.close();
  await Promise.all([api?.stop(), worker?.stop()]);
  await dropTestDatabase(env);
});

it('"Merge into…" from the removed profile, picking its name, lands on the kept one with both conversations', async () => {
  const kept = await emailFrom('maria.silva@example.com', 'maria-mail-1', 'Where is my order 4711?');
  await named(kept, 'M. Silva');
  const removed = await whatsappFrom('16505550199', 'wamid.maria-wa-1', 'Hi, it is Maria on WhatsApp');
  await named(removed, 'Maria Silva');

  const page = await signInToConsole(browser, api.url, agent, `/customers/${removed}`);
  await page.getByTestId('customer-name').getByText('Maria Silva').waitFor();
  await page.screenshot({ path: join(SCREENSHOTS, 'merge-actions.png') });
  await page.getByTestId('merge-into-button').click();
  const dialog = page.getByTestId('profile-merge-dialog');
  await dialog.getByLabel('Find the profile to keep').fill('M. Silva');
  await dialog.getByTestId('search-result').filter({ hasText: 'M. Silva' }).getByRole('button').click();

  // Both profiles side by side, the found one kept, with how they reach us and what they wrote last.
  const keptSide = dialog.locator('[data-testid="merge-side"][data-role="kept"]');
  const removedSide = dialog.locator('[data-testid="merge-side"][data-role="removed"]');
  expect(await keptSide.getAttribute('data-customer-id')).toBe(kept);
  expect(await removedSide.getAttribute('data-customer-id')).toBe(removed);
  await keptSide.getByTestId('merge-side-message').getByText('Where is my order 4711?').waitFor();
  await removedSide.getByTestId('merge-side-message').getByText('Hi, it is Maria on WhatsApp').waitFor();
  expect(await removedSide.getByTestId('merge-side-identity').textContent()).toContain('+1 650 555 0199');
  await dialog.getByTestId('merge-moves').getByText('1 conversation', { exact: true }).waitFor();

  // The names disagree: the kept profile's wins unless the agent picks the other.
  const namePick = dialog.locator('[data-testid="merge-pick"][data-field="name"]');
  const keptName = namePick.getByRole('radio', { name: 'M. Silva from the kept profile' });
  const removedName = namePick.getByRole('radio', { name: 'Maria Silva from the removed profile' });
  expect(await keptName.isChecked()).toBe(true);
  await removedName.check();
  await dialog.getByTestId('merge-preview-loading').waitFor({ state: 'detached' });
  expect(await removedName.isChecked()).toBe(true);
  await page.screenshot({ path: join(SCREENSHOTS, 'merge-preview-picks.png') });

  await dialog.getByTestId('merge-confirm').click();
  await page.waitForURL(`**/customers/${kept}`);
  const survivorPage = page.locator(`[data-testid="customer-page"][data-customer-id="${kept}"]`);
  await survivorPage.getByTestId('customer-name').getByText('Maria Silva').waitFor();
  await survivorPage.getByTestId('conversation').nth(1).waitFor();
  expect(await survivorPage.getByTestId('conversation').count()).toBe(2);
  expect((await admin.get(`/api/v1/customers/${kept}`)).body.name).toBe('Maria Silva');
  expect((await admin.get(`/api/v1/customers/${removed}`)).status).toBe(308);

  // The removed profile's address leads to the kept one.
  await page.goto(`${api.url}/customers/${removed}`);
  await page.waitForURL(`**/customers/${kept}`);
  await page.locator(`[data-testid="customer-page"][data-customer-id="${kept}"]`).waitFor();
});

it('signs in and merges with the keyboard alone: open, search, choose, pick, confirm', async () => {
  const bob = await emailFrom('bob@example.com', 'bob-1', 'My card was charged twice');
  await named(bob, 'Bob Stone');
  const robert = await emailFrom('robert.stone@example.com', 'robert-1', 'Refund please');
  await named(robert, 'Robert Stone');

  const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  const page = await context.newPage();
  await page.goto(`${api.url}/customers/${bob}`);
  await page.getByLabel('Email').waitFor();
  expect(await focused(page, 'input[type="email"], input[autocomplete="username"]')).toBe(true);
  await page.keyboard.type(agent.email);
  await page.keyboard.press('Tab');
  await page.keyboard.type(agent.password);
  await page.keyboard.press('Enter');
  await page.getByTestId('customer-name').getByText('Bob Stone').waitFor();

  await tabTo(page, '[data-testid="merge-with-button"]');
  await page.keyboard.press('Enter');
  const dialog = page.getByTestId('profile-merge-dialog');
  const search = dialog.getByLabel('Find the other profile of this person');
  await search.waitFor();
  expect(await search.evaluate((input) => input === input.ownerDocument.activeElement)).toBe(true);
  await page.keyboard.type('Robert');
  await dialog.getByTestId('search-status').getByText('1 customer found').waitFor();
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');

  // Focus moves to the summary of what is about to happen, then on through the picks to Merge.
  const summary = dialog.getByTestId('merge-summary');
  await summary.waitFor();
  expect(await focused(page, '[data-testid="merge-summary"]')).toBe(true);
  expect(await summary.textContent()).toContain('Keep Bob Stone; Robert Stone is removed');
  const namePick = dialog.locator('[data-testid="merge-pick"][data-field="name"]');
  await namePick.waitFor();
  await tabTo(page, '[data-testid="merge-pick"][data-field="name"] input:checked');
  await page.keyboard.press('ArrowDown');
  expect(await namePick.getByRole('radio', { name: 'Robert Stone from the removed profile' }).isChecked()).toBe(true);
  await dialog.getByTestId('merge-preview-loading').waitFor({ state: 'detached' });
  await tabTo(page, '[data-testid="merge-confirm"]');
  await page.keyboard.press('Enter');

  // This profile is kept: the dialog closes on it, now holding both identities under the picked name.
  await dialog.waitFor({ state: 'detached' });
  await page.getByTestId('customer-name').getByText('Robert Stone').waitFor();
  await page.getByTestId('identity').nth(1).waitFor();
  expect(page.url()).toBe(`${api.url}/customers/${bob}`);
  expect((await admin.get(`/api/v1/customers/${robert}`)).status).toBe(308);
  await context.close();
});

it('explains a guard’s refusal in the preview and offers no merge', async () => {
  const carl = await emailFrom('carl@example.com', 'carl-1', 'Login trouble');
  expect(
    (
      await admin.patch(`/api/v1/customers/${carl}`, {
        name: 'Carl Example',
        addContactData: [{ type: 'email', value: 'carl@example.com', grantsAccess: true }],
      })
    ).status,
  ).toBe(200);
  const carla = await emailFrom('carla@example.com', 'carla-1', 'Hello');
  expect(
    (
      await admin.patch(`/api/v1/customers/${carla}`, {
        name: 'Carla Example',
        addContactData: [{ type: 'email', value: 'carla@example.com', grantsAccess: true }],
      })
    ).status,
  ).toBe(200);

  const page = await signInToConsole(browser, api.url, agent, `/customers/${carl}`);
  await page.getByTestId('merge-with-button').click();
  const dialog = page.getByTestId('profile-merge-dialog');
  await dialog.getByLabel('Find the other profile of this person').fill('Carla');
  await dialog.getByTestId('search-result').filter({ hasText: 'Carla Example' }).getByRole('button').click();
  const blocked = dialog.getByTestId('merge-blocked');
  await blocked.waitFor();
  expect(await blocked.textContent()).toContain('Different contacts grant account access');
  expect(await blocked.textContent()).toContain('carla@example.com');
  expect(await blocked.getByTestId('guard-remedies').locator('li').count()).toBeGreaterThan(0);
  expect(await dialog.getByTestId('merge-confirm').isDisabled()).toBe(true);
  expect((await admin.get(`/api/v1/customers/${carla}`)).status).toBe(200);
});

it('waits for the worker when the merge answers 202, then closes on the kept profile holding both', async () => {
  const kept = await emailFrom('dana@example.com', 'dana-1', 'Is my parcel lost?');
  await named(kept, 'Dana Reed');
  const removed = await emailFrom('dana.reed@example.com', 'dana-2', 'Any news on the parcel?');
  await named(removed, 'D. Reed');

  // A worker that freezes halfway through the merge, so the api answers 202 and the console has to wait.
  const freezing = stopAfterJournalStep('merge', 'move-conversations');
  await worker.stop();
  worker = await startAppProcess('worker', { ...env, ...freezing.env }, freezing.nodeFlags);
  const frozen = freezing.stopped(worker);

  // From the kept profile's page, which (unlike the removed one's) does not follow the merge by itself.
  const page = await signInToConsole(browser, api.url, agent, `/customers/${kept}`);
  await page.getByTestId('merge-with-button').click();
  const dialog = page.getByTestId('profile-merge-dialog');
  await dialog.getByLabel('Find the other profile of this person').fill('D. Reed');
  await dialog.getByTestId('search-result').filter({ hasText: 'D. Reed' }).getByRole('button').click();
  await dialog.getByTestId('merge-preview').waitFor();
  await dialog.getByTestId('merge-confirm').click();
  await dialog.getByTestId('merge-running').waitFor();
  await frozen;

  // A worker that runs again finishes the journal; its customer.merged closes the dialog on the kept profile.
  process.kill(worker.pid, 'SIGKILL');
  await worker.process.exited;
  worker = await startAppProcess('worker', env);
  await dialog.waitFor({ state: 'detached' });
  expect(page.url()).toBe(`${api.url}/customers/${kept}`);
  const survivorPage = page.locator(`[data-testid="customer-page"][data-customer-id="${kept}"]`);
  await survivorPage.getByTestId('conversation').nth(1).waitFor();
  expect(await survivorPage.getByTestId('conversation').count()).toBe(2);
});

it('a suggestion’s merge sends the agent’s pick too', async () => {
  const ann = await emailFrom('ann@example.com', 'ann-1', 'Hello');
  expect(
    (
      await admin.patch(`/api/v1/customers/${ann}`, {
        name: 'Ann Example',
        addContactData: [{ type: 'phone', value: '+1 650-555-1234' }],
      })
    ).status,
  ).toBe(200);
  const phone = await emailFrom('+16505551234', 'ann-phone-1', 'Hi from my phone');
  await named(phone, 'Annie');

  const page = await signInToConsole(browser, api.url, agent);
  const card = page
    .getByTestId('suggestion')
    .filter({ has: page.getByTestId('suggestion-customer').getByText('Ann Example') });
  await card.getByRole('button', { name: 'Accept' }).click();
  const dialog = page.getByTestId('merge-dialog');
  await dialog.getByLabel('Keep Ann Example').check();
  const namePick = dialog.locator('[data-testid="merge-pick"][data-field="name"]');
  await namePick.getByRole('radio', { name: 'Annie from the removed profile' }).check();
  await dialog.getByTestId('merge-preview-loading').waitFor({ state: 'detached' });
  await dialog.getByTestId('merge-confirm').click();
  await dialog.waitFor({ state: 'detached' });

  await live.next('customer.merged', (event) => event.survivorId === ann && event.victimIds.includes(phone));
  expect((await admin.get(`/api/v1/customers/${phone}`)).status).toBe(308);
  expect((await admin.get(`/api/v1/customers/${ann}`)).body.name).toBe('Annie');
});
