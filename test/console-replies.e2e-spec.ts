import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import request from 'supertest';
import {
  createTenantThroughCli,
  dropTestDatabase,
  launchChromium,
  RecordingConsole,
  signInToConsole,
  startAppProcess,
  startWhatsappStandIn,
  testEnvironment,
  whatsappError,
  whatsappHeaders,
  whatsappTextDelivery,
  type ProviderStandIn,
  type RestClient,
  type RunningApp,
  type TestEnvironment,
} from '@app/testing';

/**
 * The reply box of the console against the built api and worker, replies going to a WhatsApp Cloud API stand-in:
 * an agent answers inside the 24-hour window and sees the reply become Sent; a reply the provider refuses shows
 * Failed with Meta's code; outside the window the text box is disabled with the reason and a template goes out
 * instead. Screenshots go to the git-ignored `screenshots/` folder.
 */
const SCREENSHOTS = join(process.cwd(), 'screenshots');
const PHONE_NUMBER_ID = '106540352242922';
const APP_SECRET = 'whatsapp-app-secret-123';
let env: TestEnvironment;
let whatsapp: ProviderStandIn;
let api: RunningApp;
let worker: RunningApp;
let browser: Browser;
let admin: RestClient;
let agent: { email: string; password: string };
let channelId: string;
let live: RecordingConsole;

/** A text from `waId` as Meta delivers it, `hoursAgo` old; answers the customer the worker filed it on. */
async function whatsappFrom(waId: string, messageId: string, hoursAgo = 0): Promise<string> {
  const delivery = JSON.parse(whatsappTextDelivery(PHONE_NUMBER_ID, waId, messageId, 'Where is my parcel?'));
  const message = delivery.entry[0].changes[0].value.messages[0];
  message.timestamp = String(Math.floor(Date.now() / 1000 - hoursAgo * 3600));
  const body = JSON.stringify(delivery);
  // Replies are announced as received messages too; none is being sent while a customer writes here.
  const before = live.named('message.received').length;
  const response = await request(api.url)
    .post(`/webhooks/whatsapp/${channelId}`)
    .set(whatsappHeaders(body, APP_SECRET))
    .send(body);
  expect(response.status).toBe(200);
  await live.next('message.received', () => live.named('message.received').length > before);
  return live.named('message.received')[before].customerId;
}

async function openConversation(page: Page) {
  const conversation = page.getByTestId('conversation').first();
  await conversation.getByTestId('conversation-toggle').click();
  await conversation.getByTestId('message').first().waitFor();
  return conversation;
}

const shot = (page: Page, name: string) => page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  whatsapp = await startWhatsappStandIn();
  env = testEnvironment({ WHATSAPP_API_URL: whatsapp.url });
  [api, worker] = await Promise.all([startAppProcess('api', env), startAppProcess('worker', env)]);
  const tenant = await createTenantThroughCli(env, api.url, 'Parcels');
  admin = tenant.admin;
  agent = { email: (await tenant.addUser('agent', 'agent')).email, password: tenant.password };
  const channel = await admin.post('/api/v1/channels', {
    kind: 'whatsapp',
    name: 'WhatsApp',
    config: {
      phoneNumberId: PHONE_NUMBER_ID,
      appSecret: APP_SECRET,
      verifyToken: 'verify-123',
      accessToken: 'EAAG-1234',
    },
  });
  expect(channel.status).toBe(201);
  expect(JSON.stringify(channel.body)).not.toContain('EAAG-1234');
  channelId = channel.body.id;
  live = await RecordingConsole.connect(api.url, admin.token);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  live?.close();
  await Promise.all([api?.stop(), worker?.stop()]);
  await whatsapp?.close();
  if (env) await dropTestDatabase(env);
});

it('sends a reply inside the window and shows it Sent, then a refused one Failed with the provider’s code', async () => {
  const customer = await whatsappFrom('551187654321', 'wamid.in-1');
  const page = await signInToConsole(browser, api.url, agent, `/customers/${customer}`);
  const conversation = await openConversation(page);
  const box = conversation.getByTestId('reply-box');
  expect(await box.getAttribute('data-mode')).toBe('text');

  await box.getByTestId('reply-text').fill('It left our warehouse this morning.');
  await box.getByTestId('reply-send').click();
  const sent = conversation.locator('[data-testid="message"][data-direction="outbound"]').first();
  await sent.getByTestId('delivery-status').filter({ hasText: 'Sent' }).waitFor();
  expect(await sent.textContent()).toContain('It left our warehouse this morning.');
  expect(await box.getByTestId('reply-text').inputValue()).toBe('');
  const [call] = await whatsapp.waitForRequests(1);
  expect(call.json).toMatchObject({ to: '551187654321', text: { body: 'It left our warehouse this morning.' } });
  await shot(page, 'reply-sent');

  whatsapp.failNext(1, { status: 400, body: whatsappError(131026, 'Message undeliverable') });
  await box.getByTestId('reply-text').fill('Are you there?');
  await box.getByTestId('reply-send').click();
  const failed = conversation.locator('[data-testid="message"][data-direction="outbound"]').nth(1);
  await failed.getByTestId('delivery-status').filter({ hasText: 'Failed' }).waitFor();
  expect(await failed.getByTestId('delivery-error').textContent()).toContain('131026: Message undeliverable');
  await shot(page, 'reply-failed');
});

it('disables free text outside the WhatsApp window with the reason, and sends a template instead', async () => {
  const customer = await whatsappFrom('15550100777', 'wamid.in-2', 30);
  const page = await signInToConsole(browser, api.url, agent, `/customers/${customer}`);
  const conversation = await openConversation(page);
  const box = conversation.getByTestId('reply-box');

  expect(await box.getAttribute('data-mode')).toBe('template-only');
  expect(await box.getByTestId('reply-text').isDisabled()).toBe(true);
  expect(await box.getByTestId('reply-send').isDisabled()).toBe(true);
  expect(await box.getByTestId('reply-reason').textContent()).toMatch(/more than 24 hours ago.*template/);
  await shot(page, 'reply-window-closed');

  await box.getByLabel('Template name').fill('parcel_update');
  await box.getByLabel('Template language').fill('en_US');
  await box.getByLabel('Template parameters').fill('Ann, 4711');
  await box.getByTestId('template-send').click();
  const sent = conversation.locator('[data-testid="message"][data-direction="outbound"]').first();
  await sent.getByTestId('delivery-status').filter({ hasText: 'Sent' }).waitFor();
  expect(await sent.getByTestId('message-template').textContent()).toContain('parcel_update (en_US): Ann, 4711');
  const [call] = await whatsapp.waitForRequests(1, (request) => request.json?.to === '15550100777');
  expect(call.json).toMatchObject({
    type: 'template',
    template: { name: 'parcel_update', language: { code: 'en_US' } },
  });
  await shot(page, 'reply-template-sent');
});
