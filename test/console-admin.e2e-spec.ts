import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import request from 'supertest';
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
 * The admin pages of the console against the built api: an admin creates a channel and reads its webhook URL,
 * rotates its secrets, creates a connector key and revokes it, invites an agent, changes a role and deactivates a
 * user whose open console is sent back to sign-in; an agent sees no Admin link. Screenshots go to `screenshots/`.
 */
const env = testEnvironment();
const SCREENSHOTS = join(process.cwd(), 'screenshots');
let api: RunningApp;
let browser: Browser;
let tenant: CliTenant;
let adminEmail: string;
const pages: Page[] = [];

const shot = (page: Page, name: string, fullPage = true) =>
  page.screenshot({ path: join(SCREENSHOTS, `admin-${name}.png`), fullPage });

async function consoleOf(email: string, path = '/'): Promise<Page> {
  const page = await signInToConsole(browser, api.url, { email, password: tenant.password }, path);
  pages.push(page);
  return page;
}

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  api = await startAppProcess('api', env);
  tenant = await createTenantThroughCli(env, api.url, 'Contoso');
  adminEmail = 'admin@contoso.example';
  browser = await launchChromium();
});

afterAll(async () => {
  await Promise.all(pages.map((page) => page.context().close()));
  await browser?.close();
  await api?.stop();
  await dropTestDatabase(env);
});

const handshake = (channelId: string, verifyToken: string) =>
  request(api.url)
    .get(`/webhooks/whatsapp/${channelId}`)
    .query({ 'hub.mode': 'subscribe', 'hub.verify_token': verifyToken, 'hub.challenge': '7' });

it('an admin creates a WhatsApp channel, reads its webhook URL and rotates its secrets', async () => {
  const page = await consoleOf(adminEmail);
  await page.getByRole('link', { name: 'Admin' }).click();
  await page.getByText('No channels yet').waitFor();
  await shot(page, 'channels-empty');

  await page.getByRole('button', { name: 'New channel' }).click();
  const dialog = page.getByTestId('new-channel-dialog');
  await dialog.getByLabel('Kind').selectOption('whatsapp');
  await dialog.getByLabel('Name').fill('Support WhatsApp');
  await dialog.getByLabel('Phone number ID').fill('106540352242930');
  await dialog.getByLabel('App secret').fill('first-app-secret');
  await dialog.getByLabel('Verify token').fill('first-verify-token');
  await shot(page, 'channel-form', false);
  await page.getByTestId('confirm').click();

  const url = await page.getByTestId('created-webhook-url').inputValue();
  const channelId = /\/webhooks\/whatsapp\/([0-9a-f]{24})$/.exec(url)?.[1];
  expect(channelId).toBeDefined();
  await page.getByTestId('channel-row').filter({ hasText: 'Support WhatsApp' }).waitFor();
  await shot(page, 'channel-created');

  await page.getByRole('button', { name: 'Rotate secret' }).click();
  await page.getByTestId('rotate-dialog').getByLabel('Verify token').fill('second-verify-token');
  await page.getByTestId('confirm').click();
  await page.getByText('New secrets saved for Support WhatsApp.').waitFor();
  expect((await handshake(channelId!, 'second-verify-token')).status).toBe(200);
  expect((await handshake(channelId!, 'first-verify-token')).status).toBe(403);
});

it('an admin creates a connector key, shown once, and revokes it', async () => {
  const page = await consoleOf(adminEmail, '/admin/channels');
  await page.getByRole('button', { name: 'New channel' }).click();
  const dialog = page.getByTestId('new-channel-dialog');
  await dialog.getByLabel('Kind').selectOption('api');
  await dialog.getByLabel('Name').fill('CRM connector');
  await page.getByTestId('confirm').click();
  const url = await page.getByTestId('created-webhook-url').inputValue();
  expect(url).toMatch(/\/api\/v1\/channels\/[0-9a-f]{24}\/messages$/);

  await page.getByRole('link', { name: 'Connector keys' }).click();
  await page.getByText('No keys yet').waitFor();
  await page.getByLabel('New key name').fill('CRM sync');
  await page.getByRole('button', { name: 'Create key' }).click();
  const key = await page.getByTestId('created-key').inputValue();
  expect(key).toMatch(/^cck_/);
  await page.getByTestId('key-row').filter({ hasText: 'CRM sync' }).waitFor();
  await shot(page, 'key-shown');
  const send = () =>
    request(api.url)
      .post(new URL(url).pathname)
      .set('Authorization', `Bearer ${key}`)
      .send({ externalId: `crm-${Date.now()}`, from: { address: 'ann@example.com' }, text: 'Hi' });
  expect((await send()).status).toBe(202);

  await page.getByRole('button', { name: 'I have copied it' }).click();
  await expect(page.getByTestId('created-key').count()).resolves.toBe(0);
  await page.getByRole('button', { name: 'Revoke' }).click();
  await page.getByTestId('revoke-key-dialog').waitFor();
  await shot(page, 'key-revoke', false);
  await page.getByTestId('confirm').click();
  await page.getByTestId('key-row').filter({ hasText: 'Revoked' }).waitFor();
  await shot(page, 'keys');
  expect((await send()).status).toBe(401);
});

it('an admin invites an agent, changes a role and deactivates a user whose open console returns to sign-in', async () => {
  const promoted = await tenant.addUser('pat', 'agent');
  const leaver = await tenant.addUser('lee', 'agent');
  const patConsole = await consoleOf(promoted.email);
  const leeConsole = await consoleOf(leaver.email);
  const page = await consoleOf(adminEmail, '/admin/users');

  await page.getByRole('button', { name: 'Invite user' }).click();
  const invite = page.getByTestId('invite-dialog');
  await invite.getByLabel('Name').fill('Ivy Invited');
  await invite.getByLabel('Email').fill('ivy@contoso.example');
  await invite.getByLabel('Role').selectOption('agent');
  await invite.getByLabel('Initial password').fill('ivy-password-123');
  await shot(page, 'invite', false);
  await page.getByTestId('confirm').click();
  await page.getByTestId('user-row').filter({ hasText: 'ivy@contoso.example' }).waitFor();
  expect(
    (
      await request(api.url)
        .post('/api/v1/auth/login')
        .send({ email: 'ivy@contoso.example', password: 'ivy-password-123' })
    ).status,
  ).toBe(200);

  await page.getByRole('button', { name: 'Change the role of Contoso pat' }).click();
  await page.getByTestId('role-dialog').getByLabel('Role').selectOption('supervisor');
  await page.getByTestId('confirm').click();
  await page.getByTestId('user-row').filter({ hasText: promoted.email }).filter({ hasText: 'supervisor' }).waitFor();
  await patConsole.getByText('An admin changed your role. Please sign in again.').waitFor();
  expect(new URL(patConsole.url()).pathname).toMatch(/^\/(login)?$/);

  await page.getByRole('button', { name: 'Deactivate Contoso lee' }).click();
  await page.getByTestId('active-dialog').waitFor();
  await shot(page, 'deactivate', false);
  await page.getByTestId('confirm').click();
  await page.getByTestId('user-row').filter({ hasText: leaver.email }).filter({ hasText: 'Deactivated' }).waitFor();
  await shot(page, 'users');
  await leeConsole.getByText('An admin deactivated your account. You have been signed out.').waitFor();
  await shot(leeConsole, 'signed-out-notice');

  await leeConsole.getByLabel('Email').fill(leaver.email);
  await leeConsole.getByLabel('Password').fill(tenant.password);
  await leeConsole.getByRole('button', { name: 'Sign in' }).click();
  await leeConsole.getByText('Your account has been deactivated. Ask an admin to reactivate it.').waitFor();
});

it('an agent sees no Admin link, and the admin pages tell them they are for admins', async () => {
  const { email } = await tenant.addUser('ada', 'agent');
  const page = await consoleOf(email);
  await page.getByRole('link', { name: 'Customers' }).waitFor();
  expect(await page.getByRole('link', { name: 'Admin' }).count()).toBe(0);
  await page.goto(`${api.url}/admin/users`);
  await page.getByTestId('admin-only').waitFor();
  expect(await page.getByTestId('user-table').count()).toBe(0);
});
