import { chromium, type Browser, type Page } from 'playwright-core';
import request from 'supertest';
import type { Role } from '@app/persistence';
import { runAppProcess } from './app-process.js';
import { whatsappHeaders, whatsappTextDelivery } from './providers.js';
import { RestClient } from './rest-client.js';
import type { TestEnvironment } from './test-env.js';

/** What the e2e tests do to the apps running as processes: the operator's CLI, the admin's REST calls, providers. */

export interface CliTenant {
  tenantId: string;
  /** `admin@<name>.example`, signed in. */
  admin: RestClient;
  /** The password of every user of the tenant. */
  password: string;
  /** A user made through the users API as the admin makes one, `<local>@<name>.example`, signed in. */
  addUser(local: string, role: Role): Promise<{ email: string; client: RestClient }>;
}

/** A tenant made the way an operator makes one, `cli tenant:create`, its admin signed in to the api at `apiUrl`. */
export async function createTenantThroughCli(env: TestEnvironment, apiUrl: string, name: string): Promise<CliTenant> {
  const domain = `${name.toLowerCase()}.example`;
  const password = 'a-long-password-123';
  const created = await runAppProcess(
    'cli',
    ['tenant:create', '--name', name, '--admin-email', `admin@${domain}`, '--admin-password', password],
    env,
  );
  if (created.code !== 0) throw new Error(`tenant:create ${name} failed (${created.code}): ${created.output}`);
  const { tenantId } = JSON.parse(created.stdout) as { tenantId: string };
  const admin = await RestClient.signIn(apiUrl, `admin@${domain}`, password);
  const addUser = async (local: string, role: Role) => {
    const email = `${local}@${domain}`;
    const user = await admin.post('/api/v1/users', { email, password, name: `${name} ${local}`, role });
    if (user.status !== 201) throw new Error(`creating ${email} failed: ${user.status}`);
    return { email, client: await RestClient.signIn(apiUrl, email, password) };
  };
  return { tenantId, admin, password, addUser };
}

export interface WhatsappChannel {
  id: string;
  phoneNumberId: string;
  appSecret: string;
}

/** A WhatsApp channel made through the channels API. A business number belongs to one tenant. */
export async function createWhatsappChannel(
  admin: RestClient,
  phoneNumberId: string,
  appSecret: string,
): Promise<WhatsappChannel> {
  const channel = await admin.post('/api/v1/channels', {
    kind: 'whatsapp',
    name: 'WhatsApp',
    config: { phoneNumberId, appSecret, verifyToken: 'verify-token-123' },
  });
  if (channel.status !== 201) throw new Error(`creating the WhatsApp channel failed: ${channel.status}`);
  return { id: channel.body.id, phoneNumberId, appSecret };
}

/** One text message from `waId` to the channel's webhook, signed as Meta signs it (with `secret` if told). */
export function postWhatsapp(
  apiUrl: string,
  channel: WhatsappChannel,
  waId: string,
  messageId: string,
  secret = channel.appSecret,
) {
  const body = whatsappTextDelivery(channel.phoneNumberId, waId, messageId);
  return request(apiUrl).post(`/webhooks/whatsapp/${channel.id}`).set(whatsappHeaders(body, secret)).send(body);
}

/** The headless Chromium the console tests drive. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** The laptop screen the console must stay readable on. */
export const CONSOLE_VIEWPORT = { width: 1366, height: 768 };

/**
 * A console in a browser context of its own, signed in as `email` at `path` (the sign-in page comes first, then the
 * page asked for), once its live connection is up.
 */
export async function signInToConsole(
  browser: Browser,
  apiUrl: string,
  credentials: { email: string; password: string },
  path = '/',
): Promise<Page> {
  const context = await browser.newContext({ viewport: CONSOLE_VIEWPORT });
  // The api's content security policy must let the whole console run: every violation is kept to be checked.
  await context.addInitScript({
    content: `window.cspViolations = [];
      document.addEventListener('securitypolicyviolation', (event) =>
        window.cspViolations.push(event.violatedDirective + ' blocked ' + event.blockedURI));`,
  });
  const page = await context.newPage();
  await page.goto(`${apiUrl}${path}`);
  await page.getByLabel('Email').fill(credentials.email);
  await page.getByLabel('Password').fill(credentials.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('[data-testid="connection-status"][data-state="live"]').waitFor();
  const violations = (await page.evaluate('window.cspViolations')) as string[];
  if (violations.length > 0) throw new Error(`the console broke the content security policy: ${violations.join('; ')}`);
  return page;
}
