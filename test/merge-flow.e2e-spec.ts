import request from 'supertest';
import {
  createTenantThroughCli,
  createWhatsappChannel,
  dropTestDatabase,
  mailgunMimeForm,
  postWhatsapp,
  rawEmail,
  RecordingConsole,
  startAppProcess,
  testEnvironment,
  type RestClient,
  type RunningApp,
  type WhatsappChannel,
} from '@app/testing';

/**
 * Issue 5's journey across processes: two api instances and a worker. A WhatsApp message from a phone listed on
 * an email-only customer becomes a suggestion on every console of the tenant (on both instances) and on no other
 * tenant's; an agent previews and accepts it; the victim's id then answers 308 to the survivor.
 */
const env = testEnvironment();
const APP_SECRET = 'merge-flow-app-secret';
const MAILGUN_KEY = 'merge-flow-mailgun-key';
let apiA: RunningApp;
let apiB: RunningApp;
let worker: RunningApp;
const consoles: RecordingConsole[] = [];

interface Tenant {
  agent: RestClient;
  whatsapp: WhatsappChannel;
  emailChannelId: string;
  address: string;
}

/** A WhatsApp business number belongs to one tenant: each gets its own. */
async function createTenant(name: string, phoneNumberId: string): Promise<Tenant> {
  const { admin, addUser } = await createTenantThroughCli(env, apiA.url, name);
  const address = `support@${name}.example`;
  const email = await admin.post('/api/v1/channels', {
    kind: 'email',
    name: 'Email',
    config: { addresses: [address], mailgunSigningKey: MAILGUN_KEY },
  });
  expect(email.status).toBe(201);
  return {
    agent: (await addUser('agent', 'agent')).client,
    whatsapp: await createWhatsappChannel(admin, phoneNumberId, APP_SECRET),
    emailChannelId: email.body.id,
    address,
  };
}

async function consoleOn(api: RunningApp, user: RestClient): Promise<RecordingConsole> {
  const client = await RecordingConsole.connect(api.url, user.token);
  consoles.push(client);
  return client;
}

async function sendWhatsapp(tenant: Tenant, waId: string, messageId: string): Promise<void> {
  expect((await postWhatsapp(apiA.url, tenant.whatsapp, waId, messageId)).status).toBe(200);
}

async function sendEmail(tenant: Tenant, from: string, messageId: string): Promise<void> {
  const form = mailgunMimeForm(MAILGUN_KEY, tenant.address, rawEmail(from, tenant.address, messageId));
  const call = request(apiB.url).post(`/webhooks/mailgun/${tenant.emailChannelId}/mime`);
  for (const [field, value] of Object.entries(form)) call.field(field, value);
  expect((await call).status).toBe(200);
}

beforeAll(async () => {
  [apiA, apiB, worker] = await Promise.all([
    startAppProcess('api', env),
    startAppProcess('api', env),
    startAppProcess('worker', env),
  ]);
});

afterAll(async () => {
  consoles.forEach((client) => client.close());
  await Promise.all([apiA?.stop(), apiB?.stop(), worker?.stop()]);
  await dropTestDatabase(env);
});

it('delivers a cross-channel match to the tenant’s consoles on both instances, and merges it on request', async () => {
  const acme = await createTenant('acme', '106540352242922');
  const globex = await createTenant('globex', '106540352242923');
  const onA = await consoleOn(apiA, acme.agent);
  const onB = await consoleOn(apiB, acme.agent);
  const stranger = await consoleOn(apiA, globex.agent);

  await sendEmail(acme, 'Ann Example <ann@customer.example>', 'first@customer.example');
  const { customerId: emailCustomer } = await onA.next('message.received');
  const edited = await acme.agent.patch(`/api/v1/customers/${emailCustomer}`, {
    addContactData: [{ type: 'phone', value: '+1 650-555-1234' }],
  });
  expect(edited.status).toBe(200);

  await sendWhatsapp(acme, '16505551234', 'wamid.merge-flow-1');
  const { customerId: whatsappCustomer } = await onA.next('message.received', (e) => e.customerId !== emailCustomer);
  const created = await Promise.all([onA, onB].map((client) => client.next('suggestion.created')));
  for (const { suggestion } of created) {
    expect([...suggestion.customerIds].sort()).toEqual([emailCustomer, whatsappCustomer].sort());
    expect(suggestion.evidence).toEqual([
      expect.objectContaining({ rule: 'identity_matches_contact', values: ['+16505551234', '+16505551234'] }),
    ]);
    expect(suggestion.status).toBe('open');
  }
  const suggestionId = created[0].suggestion.id;

  const preview = await acme.agent.post('/api/v1/merges/preview', {
    survivorId: emailCustomer,
    victimIds: [whatsappCustomer],
  });
  expect(preview.status).toBe(200);
  expect(preview.body.moves).toMatchObject({ identities: 1, conversations: 1, messages: 1 });
  expect(preview.body.blocks).toEqual([]);

  const accepted = await acme.agent.post(`/api/v1/suggestions/${suggestionId}/accept`, { survivorId: emailCustomer });
  expect([200, 202]).toContain(accepted.status);
  const merged = await Promise.all([onA, onB].map((client) => client.next('customer.merged')));
  for (const event of merged) expect(event).toMatchObject({ survivorId: emailCustomer, victimIds: [whatsappCustomer] });

  const conversations = await acme.agent.get(`/api/v1/customers/${emailCustomer}/conversations`);
  expect(conversations.body.items.map((c: { channelKind: string }) => c.channelKind).sort()).toEqual([
    'email',
    'whatsapp',
  ]);
  const victim = await acme.agent.get(`/api/v1/customers/${whatsappCustomer}`);
  expect(victim.status).toBe(308);
  expect(victim.headers.location).toBe(`/api/v1/customers/${emailCustomer}`);
  expect(victim.body).toMatchObject({ code: 'customer_merged', survivorId: emailCustomer });

  // Globex's own message comes through the same Redis channel after Acme's events: had its console been sent any
  // of them, they would be recorded before this one.
  await sendWhatsapp(globex, '16505559999', 'wamid.merge-flow-globex');
  await stranger.next('message.received');
  expect(stranger.events.map((event) => event.name)).toEqual(['customer.created', 'message.received']);
});
