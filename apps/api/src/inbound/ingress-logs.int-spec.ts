import { createHmac } from 'node:crypto';
import request from 'supertest';
import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks.js';
import { createTenantWithUsers, createTestChannel, startApiInProcess, type InProcessApi } from '@app/testing';

/** Every secret the ingress sees, spelled so that any of them is easy to find in the log. */
const SECRETS = {
  appSecret: 'SECRET-app-secret-1',
  verifyToken: 'SECRET-verify-token-2',
  authToken: 'SECRET-auth-token-3',
  mailgunSigningKey: 'SECRET-mailgun-key-4',
};
const PUBLIC_URL = 'https://logs.example.test';

let api: InProcessApi;
let logged = '';
const write = process.stdout.write;

beforeAll(async () => {
  // The api logs JSON lines to standard output at info level here, requests included.
  process.stdout.write = ((chunk: string | Uint8Array) => {
    logged += String(chunk);
    return true;
  }) as typeof process.stdout.write;
  api = await startApiInProcess({ LOG_LEVEL: 'info', PUBLIC_URL });
});

afterAll(async () => {
  await api?.close();
  process.stdout.write = write;
});

it('logs the ingress requests without their secrets, signatures or tokens', async () => {
  const { admin } = await createTenantWithUsers(api.app, 'Logco');
  const whatsapp = await createTestChannel(
    api.app,
    admin.tenantId,
    'whatsapp',
    { phoneNumberId: '106540352242922' },
    { appSecret: SECRETS.appSecret, verifyToken: SECRETS.verifyToken },
  );
  const sms = await createTestChannel(
    api.app,
    admin.tenantId,
    'sms',
    { accountSid: `AC${'3'.repeat(32)}` },
    { authToken: SECRETS.authToken },
  );
  const email = await createTestChannel(
    api.app,
    admin.tenantId,
    'email',
    { addresses: ['logs@logco.example'] },
    { mailgunSigningKey: SECRETS.mailgunSigningKey },
  );
  const sent: string[] = [];

  await request(api.url)
    .get(`/webhooks/whatsapp/${whatsapp}`)
    .query({ 'hub.mode': 'subscribe', 'hub.verify_token': SECRETS.verifyToken, 'hub.challenge': '42' })
    .expect(200);

  const body = JSON.stringify({ object: 'whatsapp_business_account', entry: [] });
  const hubSignature = createHmac('sha256', SECRETS.appSecret).update(body).digest('hex');
  sent.push(hubSignature);
  await request(api.url)
    .post(`/webhooks/whatsapp/${whatsapp}`)
    .set('Content-Type', 'application/json')
    .set('X-Hub-Signature-256', `sha256=${hubSignature}`)
    .send(body)
    .expect(200);

  const params = { MessageSid: 'not-a-sid', AccountSid: `AC${'3'.repeat(32)}`, From: '+14155550100' };
  const twilioSignature = getExpectedTwilioSignature(SECRETS.authToken, `${PUBLIC_URL}/webhooks/twilio/${sms}`, params);
  sent.push(twilioSignature);
  await request(api.url)
    .post(`/webhooks/twilio/${sms}`)
    .type('form')
    .set('X-Twilio-Signature', twilioSignature)
    .send(params)
    .expect(400);

  const timestamp = String(Math.floor(Date.now() / 1000));
  const token = 'SECRET-mailgun-token-5'.padEnd(50, '0');
  const mailgunSignature = createHmac('sha256', SECRETS.mailgunSigningKey)
    .update(timestamp + token)
    .digest('hex');
  sent.push(token, mailgunSignature);
  await request(api.url)
    .post(`/webhooks/mailgun/${email}/mime`)
    .field('timestamp', timestamp)
    .field('token', token)
    .field('signature', mailgunSignature)
    .field('body-mime', 'not an email')
    .expect(400);

  expect(logged).toContain(`/webhooks/whatsapp/${whatsapp}`);
  expect(logged).toContain(`/webhooks/mailgun/${email}/mime`);
  for (const secret of [...Object.values(SECRETS), ...sent]) expect(logged).not.toContain(secret);
});
