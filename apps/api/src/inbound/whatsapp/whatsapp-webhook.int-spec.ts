import { readFileSync } from 'node:fs';
import request from 'supertest';
import { startIngressApi, whatsappSignature, type IngressApi } from '@app/testing';

const APP_SECRET = 'whatsapp-app-secret';
const VERIFY_TOKEN = 'whatsapp-verify-token';
const PHONE_NUMBER_ID = '106540352242922';
const MESSAGE_ID = 'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=';
/** Meta's sample delivery, byte for byte as stored. */
const SAMPLE = readFileSync(
  new URL('../../../../../libs/channels/src/whatsapp/__fixtures__/whatsapp-text.json', import.meta.url),
  'utf8',
);

let ingress: IngressApi;
let channelId: string;
let smsChannelId: string;

const sign = (body: string, secret = APP_SECRET): string => whatsappSignature(body, secret);

/** `signature: null` sends none. */
function deliver(body: string, signature: string | null = sign(body), id = channelId) {
  const call = request(ingress.api.url).post(`/webhooks/whatsapp/${id}`).set('Content-Type', 'application/json');
  return (signature === null ? call : call.set('X-Hub-Signature-256', signature)).send(body);
}

beforeAll(async () => {
  ingress = await startIngressApi('Wacorp');
  channelId = await ingress.channel(
    'whatsapp',
    { phoneNumberId: PHONE_NUMBER_ID },
    { appSecret: APP_SECRET, verifyToken: VERIFY_TOKEN },
  );
  smsChannelId = await ingress.channel('sms', {}, { authToken: APP_SECRET });
});

afterAll(async () => {
  await ingress?.close();
});

describe('WhatsApp verification handshake', () => {
  it('echoes the challenge as text when the verify token matches', async () => {
    const response = await request(ingress.api.url)
      .get(`/webhooks/whatsapp/${channelId}`)
      .query({ 'hub.mode': 'subscribe', 'hub.verify_token': VERIFY_TOKEN, 'hub.challenge': '1158201444' });
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain/);
    expect(response.text).toBe('1158201444');
  });

  it.each([
    ['a wrong token', { 'hub.mode': 'subscribe', 'hub.verify_token': 'wrong', 'hub.challenge': '1' }],
    ['another mode', { 'hub.mode': 'unsubscribe', 'hub.verify_token': VERIFY_TOKEN, 'hub.challenge': '1' }],
    ['no challenge', { 'hub.mode': 'subscribe', 'hub.verify_token': VERIFY_TOKEN }],
  ])('refuses %s with 403 verification_failed', async (_case, query) => {
    const response = await request(ingress.api.url).get(`/webhooks/whatsapp/${channelId}`).query(query);
    expect(response.status).toBe(403);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body.code).toBe('verification_failed');
  });
});

describe('WhatsApp deliveries', () => {
  it('queues the message of a signed delivery, with its channel and tenant', async () => {
    const response = await deliver(SAMPLE);
    expect(response.status).toBe(200);
    const job = await ingress.queue.messageJob(channelId, MESSAGE_ID);
    expect(job?.data).toMatchObject({
      channelId,
      event: {
        type: 'message',
        channelKind: 'whatsapp',
        externalId: MESSAGE_ID,
        from: { address: '16505551234', name: 'Sheena Nelson' },
        text: 'Does it come in another color?',
      },
    });
    expect(job?.data.tenantId).toMatch(/^[0-9a-f]{24}$/);
  });

  it('absorbs the same delivery sent three times into one job', async () => {
    const body = SAMPLE.replace(MESSAGE_ID, 'wamid.REPLAYED==');
    for (let attempt = 0; attempt < 3; attempt++) expect((await deliver(body)).status).toBe(200);
    const jobs = (await ingress.queue.jobsOf(channelId)).filter(
      (job) => job.data.event.externalId === 'wamid.REPLAYED==',
    );
    expect(jobs).toHaveLength(1);
  });

  it('verifies the bytes received, not re-serialized JSON (escaped non-ASCII)', async () => {
    const body = SAMPLE.replace(MESSAGE_ID, 'wamid.ESCAPED==').replace(
      'Does it come in another color?',
      'Gr\\u00fc\\u00dfe',
    );
    expect((await deliver(body)).status).toBe(200);
    expect((await ingress.queue.messageJob(channelId, 'wamid.ESCAPED=='))?.data.event).toMatchObject({ text: 'Grüße' });
  });

  it('ignores the events of another business number, but acknowledges the delivery', async () => {
    const body = SAMPLE.replace(MESSAGE_ID, 'wamid.OTHER==').replace(
      `"phone_number_id": "${PHONE_NUMBER_ID}"`,
      '"phone_number_id": "999999999"',
    );
    expect(body).toContain('999999999');
    expect((await deliver(body)).status).toBe(200);
    expect(await ingress.queue.messageJob(channelId, 'wamid.OTHER==')).toBeUndefined();
  });

  it.each([
    ['no signature', null],
    ['a signature with another secret', sign(SAMPLE, 'another-secret')],
    ['a malformed signature', 'sha256=xyz'],
    ['a signature of other bytes', sign(`${SAMPLE} `)],
  ])('refuses %s with 401 invalid_signature and queues nothing', async (_case, signature) => {
    const body = SAMPLE.replace(MESSAGE_ID, 'wamid.UNSIGNED==');
    const response = await deliver(body, signature);
    expect(response.status).toBe(401);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body.code).toBe('invalid_signature');
    expect(await ingress.queue.messageJob(channelId, 'wamid.UNSIGNED==')).toBeUndefined();
  });

  it('refuses malformed JSON with 400 malformed_body', async () => {
    const response = await deliver('{"object": ');
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('malformed_body');
  });

  it.each([
    ['another object', { object: 'page', entry: [] }],
    ['entries that are not a list', { object: 'whatsapp_business_account', entry: {} }],
    [
      'a change without metadata',
      { object: 'whatsapp_business_account', entry: [{ changes: [{ field: 'messages', value: {} }] }] },
    ],
  ])('refuses a signed delivery of %s with 400 malformed_payload', async (_case, payload) => {
    const response = await deliver(JSON.stringify(payload));
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('malformed_payload');
  });

  it.each([
    ['an unknown channel id', '0123456789abcdef01234567'],
    ['a malformed channel id', 'not-an-id'],
  ])('answers 404 for %s', async (_case, id) => {
    expect((await deliver(SAMPLE, sign(SAMPLE), id)).status).toBe(404);
  });

  it('answers 404 for a channel of another kind, even signed with its secret', async () => {
    expect((await deliver(SAMPLE, sign(SAMPLE), smsChannelId)).status).toBe(404);
  });
});
