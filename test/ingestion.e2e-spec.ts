import { createTransport } from 'nodemailer';
import request from 'supertest';
import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks.js';
import { freePort } from '@app/launcher';
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
 * Issue 4 end to end, with the api and the worker as processes: a request of every provider, built from its real
 * shape and signed as the provider signs it, ends as a stored message on the right customer.
 */
const PUBLIC_URL = 'https://contact.example.test';
const PHONE_NUMBER_ID = '106540352242922';
const APP_SECRET = 'ingestion-app-secret';
const TWILIO = { accountSid: 'AC0123456789abcdef0123456789abcdef', authToken: 'ingestion-twilio-token' };
const MAILGUN_KEY = 'ingestion-mailgun-key';
const ADDRESS = 'help@ingestco.example';
let env: ReturnType<typeof testEnvironment>;
let api: RunningApp;
let worker: RunningApp;
let admin: RestClient;
let live: RecordingConsole;
let whatsappChannel: WhatsappChannel;
const channel: Record<string, string> = {};
let connectorKey: string;

beforeAll(async () => {
  env = testEnvironment({ PUBLIC_URL, SMTP_PORT: String(await freePort()) });
  [api, worker] = await Promise.all([startAppProcess('api', env), startAppProcess('worker', env)]);
  ({ admin } = await createTenantThroughCli(env, api.url, 'ingestco'));
  whatsappChannel = await createWhatsappChannel(admin, PHONE_NUMBER_ID, APP_SECRET);
  const configs = {
    sms: { ...TWILIO, phoneNumber: '+15550100000' },
    email: { addresses: [ADDRESS], mailgunSigningKey: MAILGUN_KEY },
    api: {},
  };
  for (const [kind, config] of Object.entries(configs)) {
    const response = await admin.post('/api/v1/channels', { kind, name: kind, config });
    expect(response.status).toBe(201);
    channel[kind] = response.body.id;
  }
  connectorKey = (await admin.post(`/api/v1/channels/${channel.api}/api-keys`, { name: 'test' })).body.key;
  live = await RecordingConsole.connect(api.url, admin.token);
});

afterAll(async () => {
  live?.close();
  await Promise.all([api?.stop(), worker?.stop()]);
  await dropTestDatabase(env);
});

const received = (count: number) => live.next('message.received', () => live.named('message.received').length >= count);

const whatsapp = (waId: string, messageId: string) => postWhatsapp(api.url, whatsappChannel, waId, messageId);

async function twilioSms(from: string, messageSid: string) {
  const path = `/webhooks/twilio/${channel.sms}`;
  const params = {
    MessageSid: messageSid,
    SmsMessageSid: messageSid,
    AccountSid: TWILIO.accountSid,
    MessagingServiceSid: 'MG0123456789abcdef0123456789abcdef',
    From: from,
    To: '+15550100000',
    Body: 'Is my order shipped?',
    NumMedia: '0',
    NumSegments: '1',
    SmsStatus: 'received',
    ApiVersion: '2010-04-01',
    FromCountry: 'US',
  };
  return request(api.url)
    .post(path)
    .type('form')
    .set('X-Twilio-Signature', getExpectedTwilioSignature(TWILIO.authToken, `${PUBLIC_URL}${path}`, params))
    .send(params);
}

async function customerFound(query: string) {
  const found = await admin.get(`/api/v1/customers?q=${encodeURIComponent(query)}`);
  expect(found.status).toBe(200);
  expect(found.body.items).toHaveLength(1);
  const profile = await admin.get(`/api/v1/customers/${found.body.items[0].id}`);
  return profile.body as { id: string; identities: { kind: string; address?: string; conversationCount: number }[] };
}

it('stores WhatsApp and then SMS from one number on one customer with two identities', async () => {
  expect((await whatsapp('16505551234', 'wamid.ingest-1')).status).toBe(200);
  const sms = await twilioSms('+16505551234', 'SM0123456789abcdef0123456789abcd01');
  expect(sms.status).toBe(200);
  expect(sms.headers['content-type']).toMatch(/^text\/xml/);
  expect(sms.text).toBe('<Response></Response>');
  await received(2);
  const customer = await customerFound('(650) 555-1234');
  expect(customer.identities.map((identity) => `${identity.kind}:${identity.address}`).sort()).toEqual([
    'sms:+16505551234',
    'whatsapp:+16505551234',
  ]);
});

it('stores the same delivery sent three times once', async () => {
  for (let attempt = 0; attempt < 3; attempt += 1) {
    expect((await whatsapp('16505550002', 'wamid.ingest-replayed')).status).toBe(200);
  }
  expect((await whatsapp('16505550002', 'wamid.ingest-after')).status).toBe(200);
  await received(4);
  const customer = await customerFound('+16505550002');
  const conversations = await admin.get(`/api/v1/customers/${customer.id}/conversations`);
  const messages = await admin.get(`/api/v1/conversations/${conversations.body.items[0].id}/messages`);
  // Both carry the same whole-second WhatsApp timestamp and may be processed in either order: only the set counts.
  expect(messages.body.items.map((m: { externalId: string }) => m.externalId).sort()).toEqual([
    'wamid.ingest-after',
    'wamid.ingest-replayed',
  ]);
});

it('stores email from SMTP and from Mailgun, in either letter case, on one customer', async () => {
  const transport = createTransport({ host: '127.0.0.1', port: Number(env.SMTP_PORT), secure: false, ignoreTLS: true });
  await transport.sendMail({
    from: 'Ann Example <Ann@Customer.example>',
    to: ADDRESS,
    subject: 'Order 4711',
    text: 'Where is my order?',
    messageId: '<smtp-1@customer.example>',
  });
  transport.close();
  const form = mailgunMimeForm(
    MAILGUN_KEY,
    ADDRESS,
    rawEmail('ann@customer.example', ADDRESS, 'mailgun-1@customer.example'),
  );
  const call = request(api.url).post(`/webhooks/mailgun/${channel.email}/mime`);
  for (const [field, value] of Object.entries(form)) call.field(field, value);
  expect((await call).status).toBe(200);
  await received(6);
  const customer = await customerFound('ann@customer.example');
  expect(customer.identities).toEqual([
    expect.objectContaining({ kind: 'email', address: 'ann@customer.example', conversationCount: 2 }),
  ]);
});

it('stores a custom connector message on the customer of its address', async () => {
  const response = await request(api.url)
    .post(`/api/v1/channels/${channel.api}/messages`)
    .set('Authorization', `Bearer ${connectorKey}`)
    .send({ externalId: 'crm-1', from: { address: 'bob@customer.example', name: 'Bob' }, text: 'Hi from the shop' });
  expect(response.status).toBe(202);
  await received(7);
  const customer = await customerFound('bob@customer.example');
  expect(customer.identities).toEqual([expect.objectContaining({ kind: 'api', address: 'bob@customer.example' })]);
});

it('refuses a badly signed delivery and stores nothing of it', async () => {
  const response = await postWhatsapp(api.url, whatsappChannel, '16505550003', 'wamid.forged', 'not-the-secret');
  expect(response.status).toBe(401);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  // A genuine delivery after it, stored: the worker takes jobs in queue order, so a queued forgery would have been
  // taken first (and would show as a customer, or as a ninth message).
  expect((await whatsapp('16505550004', 'wamid.after-forged')).status).toBe(200);
  await received(8);
  expect((await admin.get('/api/v1/customers?q=%2B16505550003')).body.items).toEqual([]);
  expect(live.named('message.received')).toHaveLength(8);
});
