import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import {
  dropTestDatabase,
  launchChromium,
  RestClient,
  runAppProcess,
  startAppProcess,
  testEnvironment,
  type RunningApp,
} from '@app/testing';

/**
 * `demo:seed` plays the demo story through the worker's inbound path with no api or worker running, twice: the
 * second run adds nothing. Then the demo agent reads it over REST (a dozen customers, two open suggestions, one
 * blocked by the loyalty-card guard with its reason, Daniel's merge done) and in the console, whose inbox is
 * screenshotted to the git-ignored `screenshots/` folder.
 */
const env = testEnvironment();
const SCREENSHOTS = join(process.cwd(), 'screenshots');
let api: RunningApp;
let browser: Browser;
let agent: RestClient;
let agentUser: { email: string; password: string };

interface SeedOutput {
  tenantId: string;
  created: boolean;
  users: { email: string; password: string; role: string }[];
  story: { deliveriesStored: number; deliveriesAlreadyThere: number; mergeId: string };
}
const seeds: SeedOutput[] = [];

interface Summary {
  id: string;
  name: string | null;
  kind: string;
  identities: { kind: string; address: string }[];
}
interface Suggestion {
  status: string;
  customerIds: [string, string];
  openedFrom: string;
  evidence: { rule: string; values: string[] }[];
  blocks: { code: string; identifierType?: string; values?: string[]; remedies: string[] }[];
  mergeId?: string;
}

async function seed(): Promise<SeedOutput> {
  const run = await runAppProcess('cli', ['demo:seed'], env);
  if (run.code !== 0) throw new Error(`demo:seed failed (${run.code}): ${run.output}`);
  return JSON.parse(run.stdout) as SeedOutput;
}

async function customers(): Promise<Summary[]> {
  const response = await agent.get('/api/v1/customers?limit=100');
  expect(response.status).toBe(200);
  return response.body.items as Summary[];
}

async function suggestions(status: string): Promise<Suggestion[]> {
  const response = await agent.get(`/api/v1/suggestions?status=${status}`);
  expect(response.status).toBe(200);
  return response.body.items as Suggestion[];
}

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  // Nothing else runs yet: the CLI files the story by itself.
  seeds.push(await seed(), await seed());
  api = await startAppProcess('api', env);
  agentUser = seeds[0].users.find((user) => user.role === 'agent')!;
  agent = await RestClient.signIn(api.url, agentUser.email, agentUser.password);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await api?.stop();
  await dropTestDatabase(env);
});

it('files every delivery on the first run and finds them all there on the second', () => {
  const [first, second] = seeds;
  expect(first.created).toBe(true);
  expect(second.created).toBe(false);
  expect(second.tenantId).toBe(first.tenantId);
  expect(first.story.deliveriesStored).toBe(14);
  expect(first.story.deliveriesAlreadyThere).toBe(0);
  expect(second.story).toEqual({ deliveriesStored: 0, deliveriesAlreadyThere: 14, mergeId: first.story.mergeId });
});

it('shows a dozen customers across WhatsApp, SMS and email, once each', async () => {
  const list = await customers();
  expect(list.map((customer) => customer.name).sort()).toEqual(
    [
      'Ana Costa',
      'Daniel Okafor',
      'Emma Johnson',
      'Emma Johnson',
      'Fatima Zahra',
      'Kenji Watanabe',
      'Linh Nguyen',
      'Maria S.',
      'Maria Silva',
      'Minh Nguyen',
      'Priya Raman',
      'Tom Becker',
    ].sort(),
  );
  const kinds = new Set(list.flatMap((customer) => customer.identities.map((identity) => identity.kind)));
  expect([...kinds].sort()).toEqual(['email', 'sms', 'whatsapp']);
  const members = list.filter((customer) => customer.kind === 'member').map((customer) => customer.name);
  expect(members.sort()).toEqual(['Linh Nguyen', 'Minh Nguyen']);
});

it('keeps Maria Silva’s email and her reply in one thread', async () => {
  const maria = (await customers()).find((customer) => customer.name === 'Maria Silva')!;
  const profile = await agent.get(`/api/v1/customers/${maria.id}`);
  expect(profile.body.contactData).toEqual([
    { type: 'phone', value: '+5511987654321', display: '+55 11 98765-4321', grantsAccess: false },
  ]);
  expect(profile.body.conversations).toHaveLength(1);
  const messages = await agent.get(`/api/v1/conversations/${profile.body.conversations[0].id}/messages`);
  expect(messages.body.items.map((message: { text: string }) => message.text.trim())).toEqual(
    expect.arrayContaining([expect.stringMatching(/^Hello, I ordered/), expect.stringMatching(/^Any news\?/)]),
  );
});

it('has two open suggestions and one blocked by the loyalty-card guard, which says why', async () => {
  const byId = new Map((await customers()).map((customer) => [customer.id, customer.name]));
  const names = (suggestion: Suggestion) => suggestion.customerIds.map((id) => byId.get(id)).sort();

  const open = await suggestions('open');
  expect(open.map((suggestion) => [names(suggestion), suggestion.evidence.map((item) => item.rule)])).toEqual(
    expect.arrayContaining([
      [['Maria S.', 'Maria Silva'], ['identity_matches_contact']],
      [['Emma Johnson', 'Emma Johnson'], ['similar_email']],
    ]),
  );
  expect(open).toHaveLength(2);

  const [blocked, ...moreBlocked] = await suggestions('blocked');
  expect(moreBlocked).toEqual([]);
  expect(names(blocked)).toEqual(['Linh Nguyen', 'Minh Nguyen']);
  expect(blocked.evidence).toEqual([
    expect.objectContaining({ rule: 'same_contact_phone', values: ['+12125550147', '+12125550147'] }),
  ]);
  expect(blocked.blocks).toEqual([
    expect.objectContaining({ code: 'different_unique_identifiers', identifierType: 'loyaltyCard' }),
  ]);
  // The values read "kept, removed" from the customer that opened it, however often either side is checked again.
  const cards = new Map([
    ['Linh Nguyen', 'LC-4417-0032'],
    ['Minh Nguyen', 'LC-4417-0089'],
  ]);
  const opener = byId.get(blocked.openedFrom)!;
  const other = names(blocked).find((name) => name !== opener)!;
  expect(blocked.blocks[0].values).toEqual([cards.get(opener), cards.get(other)]);
});

it('has Daniel Okafor’s merge done: his SMS profile kept, holding his email identity too', async () => {
  const daniel = (await customers()).find((customer) => customer.name === 'Daniel Okafor')!;
  expect(daniel.identities.map((identity) => identity.kind).sort()).toEqual(['email', 'sms']);
  const [accepted, ...moreAccepted] = await suggestions('accepted');
  expect(moreAccepted).toEqual([]);
  expect(accepted.mergeId).toBe(seeds[0].story.mergeId);
  const merge = await agent.get(`/api/v1/merges/${accepted.mergeId}`);
  expect(merge.body).toEqual(expect.objectContaining({ status: 'done', survivorId: daniel.id }));
  const [victimId] = merge.body.victimIds as string[];
  const victim = await agent.get(`/api/v1/customers/${victimId}`);
  expect(victim.status).toBe(308);
});

it('shows the demo agent the story in the console inbox', async () => {
  const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  await page.goto(api.url);
  await page.getByLabel('Email').fill(agentUser.email);
  await page.getByLabel('Password').fill(agentUser.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('[data-testid="connection-status"][data-state="live"]').waitFor();
  await page.getByTestId('suggestion-blocked').getByText('loyaltyCard').first().waitFor();
  await page.getByTestId('suggestion-evidence').getByText('Maria Silva').first().waitFor();
  expect(await page.getByTestId('suggestion').count()).toBe(3);
  await page.screenshot({ path: join(SCREENSHOTS, 'demo-inbox.png'), fullPage: true });
  await page.close();
});
