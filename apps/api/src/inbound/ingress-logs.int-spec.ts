import request from 'supertest';
import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks.js';
import { mailgunMimeForm, startIngressApi, whatsappHeaders, type IngressApi } from '@app/testing';

/** Every secret the ingress sees, spelled so that any of them is easy to find in the log. */
const SECRETS = {
  appSecret: 'SECRET-app-secret-1',
  verifyToken: 'SECRET-verify-token-2',
  authToken: 'SECRET-auth-token-3',
  mailgunSigningKey: 'SECRET-mailgun-key-4',
};
const PUBLIC_URL = 'https://logs.example.test';

let ingress: IngressApi;
let logged = '';
const write = process.stdout.write;

beforeAll(async () => {
  // The api logs JSON lines to standard output at info level here, requests included.
  process.stdout.write = ((chunk: string | Uint8Array) => {
    logged += String(chunk);
    return true;
  }) as typeof process.stdout.write;
  ingress = await startIngressApi('Logco', { LOG_LEVEL: 'info', PUBLIC_URL });
});

afterAll(async () => {
  await ingress?.close();
  process.stdout.write = write;
});

it('logs the ingress requests without their secrets, signatures or tokens', async () => {
  const { api } = ingress;
  const whatsapp = await ingress.channel(
    'whatsapp',
    { phoneNumberId: '106540352242922' },
    { appSecret: SECRETS.appSecret, verifyToken: SECRETS.verifyToken },
  );
  const sms = await ingress.channel('sms', { accountSid: `AC${'3'.repeat(32)}` }, { authToken: SECRETS.authToken });
  const email = await ingress.channel(
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
  const headers = whatsappHeaders(body, SECRETS.appSecret);
  // The digest alone: a log that kept it without the `sha256=` prefix would leak it too.
  sent.push(headers['x-hub-signature-256'].replace(/^sha256=/, ''));
  await request(api.url).post(`/webhooks/whatsapp/${whatsapp}`).set(headers).send(body).expect(200);

  const params = { MessageSid: 'not-a-sid', AccountSid: `AC${'3'.repeat(32)}`, From: '+14155550100' };
  const twilioSignature = getExpectedTwilioSignature(SECRETS.authToken, `${PUBLIC_URL}/webhooks/twilio/${sms}`, params);
  sent.push(twilioSignature);
  await request(api.url)
    .post(`/webhooks/twilio/${sms}`)
    .type('form')
    .set('X-Twilio-Signature', twilioSignature)
    .send(params)
    .expect(400);

  const mailgun = mailgunMimeForm(SECRETS.mailgunSigningKey, 'logs@logco.example', 'not an email');
  sent.push(mailgun.token, mailgun.signature);
  const forward = request(api.url).post(`/webhooks/mailgun/${email}/mime`);
  for (const [name, value] of Object.entries(mailgun)) forward.field(name, value);
  await forward.expect(400);

  expect(logged).toContain(`/webhooks/whatsapp/${whatsapp}`);
  expect(logged).toContain(`/webhooks/mailgun/${email}/mime`);
  for (const secret of [...Object.values(SECRETS), ...sent]) expect(logged).not.toContain(secret);
});
