import request from 'supertest';
import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks.js';
import { TWILIO_CONNECTION_OVERRIDES } from '@app/channels';
import { RestClient, startIngressApi, type IngressApi } from '@app/testing';

/** Not the address the test reaches the api at: Twilio signs the public URL, as configured. */
const PUBLIC_URL = 'https://contact-center.example.test';
const ACCOUNT_SID = `AC${'0123456789abcdef'.repeat(2)}`;
const AUTH_TOKEN = 'twilio-auth-token';

let ingress: IngressApi;
let channelId: string;

const messageSid = (n: number): string => `SM${n.toString(16).padStart(32, '0')}`;

function smsParams(sid: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    MessageSid: sid,
    SmsMessageSid: sid,
    AccountSid: ACCOUNT_SID,
    MessagingServiceSid: `MG${'a'.repeat(32)}`,
    From: '+14155550100',
    To: '+15550100000',
    Body: 'Is my order on its way? Ünïcode & symbols + spaces',
    NumMedia: '0',
    NumSegments: '1',
    SmsStatus: 'received',
    ApiVersion: '2010-04-01',
    FromCity: 'SAN FRANCISCO',
    ...extra,
  };
}

/** Posts the form as Twilio does, signed over the public URL with `token` (null: no signature). */
function deliver(
  params: Record<string, string>,
  token: string | null = AUTH_TOKEN,
  path = `/webhooks/twilio/${channelId}`,
) {
  const call = request(ingress.api.url).post(path).type('form');
  const signed =
    token === null
      ? call
      : call.set('X-Twilio-Signature', getExpectedTwilioSignature(token, `${PUBLIC_URL}${path}`, params));
  return signed.send(params);
}

beforeAll(async () => {
  ingress = await startIngressApi('Smsco', { PUBLIC_URL: `${PUBLIC_URL}/` });
  channelId = await ingress.channel(
    'sms',
    { accountSid: ACCOUNT_SID, phoneNumber: '+15550100000' },
    { authToken: AUTH_TOKEN },
  );
});

afterAll(async () => {
  await ingress?.close();
});

describe('Twilio messaging webhook', () => {
  it("hands out a webhook URL with Twilio's retry overrides, and accepts requests signed over it with or without them", async () => {
    const admin = await RestClient.signIn(ingress.api.url, ingress.admin.email, ingress.admin.password);
    const channel = await admin.get(`/api/v1/channels/${channelId}`);
    const handedOut: string = channel.body.webhookUrl;
    expect(handedOut).toBe(`${PUBLIC_URL}/webhooks/twilio/${channelId}#${TWILIO_CONNECTION_OVERRIDES}`);
    // The fragment never travels: Twilio requests the path alone, and signs the URL without it (or, should it
    // sign the URL as configured, with it).
    const path = new URL(handedOut).pathname;
    for (const [n, signedUrl] of [
      [20, handedOut.split('#')[0]],
      [21, handedOut],
    ] as const) {
      const params = smsParams(messageSid(n));
      const response = await request(ingress.api.url)
        .post(path)
        .type('form')
        .set('X-Twilio-Signature', getExpectedTwilioSignature(AUTH_TOKEN, signedUrl, params))
        .send(params);
      expect(response.status).toBe(200);
      expect(await ingress.queue.messageJob(channelId, messageSid(n))).toBeDefined();
    }
  });

  it('answers empty TwiML and queues the SMS of a signed request', async () => {
    const response = await deliver(smsParams(messageSid(1)));
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/xml/);
    expect(response.text).toBe('<Response></Response>');
    const job = await ingress.queue.messageJob(channelId, messageSid(1));
    expect(job?.data.event).toMatchObject({
      type: 'message',
      channelKind: 'sms',
      from: { address: '+14155550100' },
      to: '+15550100000',
      text: 'Is my order on its way? Ünïcode & symbols + spaces',
      raw: { FromCity: 'SAN FRANCISCO', AccountSid: ACCOUNT_SID },
    });
  });

  it('queues the media of an MMS', async () => {
    const sid = `MM${'b'.repeat(32)}`;
    const params = smsParams(sid, {
      NumMedia: '2',
      MediaUrl0: `https://api.twilio.com/2010-04-01/Accounts/${ACCOUNT_SID}/Messages/${sid}/Media/ME1`,
      MediaContentType0: 'image/jpeg',
      MediaUrl1: `https://api.twilio.com/2010-04-01/Accounts/${ACCOUNT_SID}/Messages/${sid}/Media/ME2`,
      MediaContentType1: 'application/pdf',
    });
    expect((await deliver(params)).status).toBe(200);
    expect((await ingress.queue.messageJob(channelId, sid))?.data.event).toMatchObject({
      attachments: [
        { url: params.MediaUrl0, contentType: 'image/jpeg' },
        { url: params.MediaUrl1, contentType: 'application/pdf' },
      ],
    });
  });

  it('verifies the query string as part of the signed URL', async () => {
    const path = `/webhooks/twilio/${channelId}?attempt=2`;
    expect((await deliver(smsParams(messageSid(2)), AUTH_TOKEN, path)).status).toBe(200);
    expect(await ingress.queue.messageJob(channelId, messageSid(2))).toBeDefined();
  });

  it.each([
    ['no signature', null],
    ['a signature with another token', 'another-auth-token'],
  ])('refuses %s with 401 invalid_signature', async (_case, token) => {
    const response = await deliver(smsParams(messageSid(3)), token);
    expect(response.status).toBe(401);
    expect(response.body.code).toBe('invalid_signature');
    expect(await ingress.queue.messageJob(channelId, messageSid(3))).toBeUndefined();
  });

  it('refuses a signature over the address the request reached (not the public URL)', async () => {
    const params = smsParams(messageSid(4));
    const path = `/webhooks/twilio/${channelId}`;
    const response = await request(ingress.api.url)
      .post(path)
      .type('form')
      .set('X-Twilio-Signature', getExpectedTwilioSignature(AUTH_TOKEN, `${ingress.api.url}${path}`, params))
      .send(params);
    expect(response.status).toBe(401);
  });

  it('refuses a signed request with parameters changed after signing', async () => {
    const params = smsParams(messageSid(5));
    const path = `/webhooks/twilio/${channelId}`;
    const response = await request(ingress.api.url)
      .post(path)
      .type('form')
      .set('X-Twilio-Signature', getExpectedTwilioSignature(AUTH_TOKEN, `${PUBLIC_URL}${path}`, params))
      .send({ ...params, Body: 'tampered' });
    expect(response.status).toBe(401);
  });

  it('refuses a signed message of another account with 403 account_mismatch', async () => {
    const response = await deliver(smsParams(messageSid(6), { AccountSid: `AC${'f'.repeat(32)}` }));
    expect(response.status).toBe(403);
    expect(response.body.code).toBe('account_mismatch');
  });

  it('refuses a signed request without a valid MessageSid with 400 malformed_payload', async () => {
    const response = await deliver(smsParams('not-a-sid'));
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('malformed_payload');
  });
});
