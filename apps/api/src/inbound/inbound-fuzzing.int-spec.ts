import { createHmac, randomBytes } from 'node:crypto';
import fc from 'fast-check';
import request from 'supertest';
import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks.js';
import {
  chunkings,
  contentTypes,
  createConnectorChannel,
  extraHeaders,
  FuzzTally,
  fuzzVerdict,
  jsonShapedMutations,
  multipartBody,
  mutationsOf,
  printFigure,
  proofSize,
  rawEmail,
  rawPost,
  RestClient,
  startIngressApi,
  strangeBodies,
  whatsappSignature,
  whatsappTextDelivery,
  wrongHexDigest,
  type Authenticity,
  type FuzzRequest,
  type IngressApi,
} from '@app/testing';

/**
 * R5: every inbound endpoint takes fuzzed bodies, encodings, headers, chunked and oversized uploads and forged
 * credentials: it never answers 5xx nor drops the connection, and refuses every forged request.
 */

const RUNS = proofSize(1_500, 10_000);
/** The integration budget at CI's size; ten thousand requests an endpoint take longer. */
const TEST_TIMEOUT_MS = proofSize(30_000, 600_000);
/** Small, so oversized bodies are cheap to send. */
const BODY_LIMIT_BYTES = 16 * 1024;
const PUBLIC_URL = 'https://contact-center.example.test';
const APP_SECRET = 'fuzz-whatsapp-app-secret';
const PHONE_NUMBER_ID = '106540352242922';
const TWILIO_TOKEN = 'fuzz-twilio-auth-token';
const ACCOUNT_SID = `AC${'0123456789abcdef'.repeat(2)}`;
const MAILGUN_KEY = 'fuzz-mailgun-signing-key';
const ADDRESS = 'support@fuzzco.example';

let ingress: IngressApi;
let whatsappChannel: string;
let smsChannel: string;
let emailChannel: string;
let connector: { id: string; key: string };
let otherConnector: { id: string; key: string };
const figures: string[] = [];

beforeAll(async () => {
  ingress = await startIngressApi('Fuzzco', { PUBLIC_URL: `${PUBLIC_URL}/`, BODY_LIMIT: '16kb' });
  whatsappChannel = await ingress.channel(
    'whatsapp',
    { phoneNumberId: PHONE_NUMBER_ID },
    { appSecret: APP_SECRET, verifyToken: 'fuzz-verify' },
  );
  smsChannel = await ingress.channel(
    'sms',
    { accountSid: ACCOUNT_SID, phoneNumber: '+15550100000' },
    { authToken: TWILIO_TOKEN },
  );
  emailChannel = await ingress.channel('email', { addresses: [ADDRESS] }, { mailgunSigningKey: MAILGUN_KEY });
  const admin = await RestClient.signIn(ingress.api.url, ingress.admin.email, ingress.admin.password);
  connector = await createConnectorChannel(admin, 'api');
  otherConnector = await createConnectorChannel(admin, 'webchat');
});

afterAll(async () => {
  for (const line of figures) printFigure(line);
  await ingress?.close();
});

interface Draft {
  path: string;
  headers: Record<string, string | undefined>;
  body: Buffer;
  authenticity: Authenticity;
  kind: string;
}

/** The draft with its body chunked as drawn, undefined headers left out. */
const chunked = (draft: fc.Arbitrary<Draft>): fc.Arbitrary<FuzzRequest> =>
  draft.chain((d) =>
    chunkings(d.body).map((chunks) => ({
      path: d.path,
      headers: Object.fromEntries(
        Object.entries(d.headers).filter((entry): entry is [string, string] => entry[1] !== undefined),
      ),
      chunks,
      authenticity: d.authenticity,
      kind: chunks.length > 1 ? `${d.kind}, chunked` : d.kind,
    })),
  );

/** Runs the cases against the api: none answered 5xx or dropped, every forged one refused. */
async function fuzz(name: string, cases: fc.Arbitrary<FuzzRequest>): Promise<FuzzTally> {
  const tally = new FuzzTally();
  await fc.assert(
    fc.asyncProperty(cases, async (fuzzed) => {
      const answer = await rawPost(ingress.api.url, fuzzed);
      tally.record(fuzzed, answer);
      const wrong = fuzzVerdict(fuzzed, answer);
      if (wrong) throw new Error(`${fuzzed.authenticity} ${fuzzed.kind} to ${fuzzed.path}: ${wrong}`);
    }),
    { numRuns: RUNS },
  );
  figures.push(tally.summary(name));
  expect(tally.forgedRefused).toBe(tally.forged());
  return tally;
}

const bodyKinds = (valid: string, shaped: fc.Arbitrary<Buffer>): fc.Arbitrary<[string, Buffer]> =>
  fc.oneof(
    { weight: 2, arbitrary: fc.constant<[string, Buffer]>(['valid', Buffer.from(valid)]) },
    { weight: 3, arbitrary: shaped.map((body): [string, Buffer] => ['reshaped', body]) },
    { weight: 3, arbitrary: mutationsOf(valid).map((body): [string, Buffer] => ['mutated', body]) },
    { weight: 3, arbitrary: strangeBodies(BODY_LIMIT_BYTES).map((body): [string, Buffer] => ['strange', body]) },
  );

describe('R5 fuzzing', () => {
  it(
    'WhatsApp webhook',
    async () => {
      const valid = whatsappTextDelivery(PHONE_NUMBER_ID, '16505551234', 'wamid.fuzz-valid');
      /** `X-Hub-Signature-256` over the exact bytes. */
      const signatureOf = (body: Buffer, secret = APP_SECRET): string =>
        `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
      const signatures = fc.oneof(
        { weight: 5, arbitrary: fc.constant(['signed', (body: Buffer) => signatureOf(body)] as const) },
        {
          weight: 5,
          arbitrary: fc
            .oneof(
              fc.constant(() => undefined),
              fc.constant((body: Buffer) => signatureOf(body, 'another-secret')),
              fc.constant(() => signatureOf(Buffer.from(valid))),
              wrongHexDigest.map((hex) => () => `sha256=${hex}`),
              fc.string().map((text) => () => text),
            )
            .map((sign) => ['forged', sign] as const),
        },
      );
      const drafts = fc
        .tuple(
          bodyKinds(valid, jsonShapedMutations(JSON.parse(valid))),
          signatures,
          contentTypes('application/json'),
          extraHeaders,
        )
        .map(([[kind, body], [authenticity, sign], contentType, extra]): Draft => {
          const signature = sign(body);
          // A forged signature that happens to be right (the valid body's own) is no forgery.
          const forged = authenticity === 'forged' && signature !== signatureOf(body);
          return {
            path: `/webhooks/whatsapp/${whatsappChannel}`,
            headers: { 'content-type': contentType, 'x-hub-signature-256': signature, ...extra },
            body,
            authenticity: forged ? 'forged' : extra['content-encoding'] === undefined ? 'signed' : 'mangled',
            kind,
          };
        });
      await fuzz('WhatsApp', chunked(drafts));
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'Twilio webhook',
    async () => {
      const path = `/webhooks/twilio/${smsChannel}`;
      const params = {
        MessageSid: `SM${'0'.repeat(32)}`,
        AccountSid: ACCOUNT_SID,
        From: '+14155550100',
        To: '+15550100000',
        Body: 'Is my order on its way?',
        NumMedia: '0',
      };
      const valid = new URLSearchParams(params).toString();
      const reshaped = fc
        .tuple(fc.constantFrom(...Object.keys(params)), fc.string({ unit: 'binary' }))
        .map(([name, value]) => Buffer.from(new URLSearchParams({ ...params, [name]: value }).toString()));
      /** What the api signs a body against: its form parameters, read as twilioParams reads them. */
      const signatureOf = (body: Buffer, token: string): string =>
        getExpectedTwilioSignature(
          token,
          `${PUBLIC_URL}${path}`,
          Object.fromEntries(new URLSearchParams(body.toString('utf8'))),
        );
      const signatures = fc.oneof(
        { weight: 5, arbitrary: fc.constant(['signed', (body: Buffer) => signatureOf(body, TWILIO_TOKEN)] as const) },
        {
          weight: 5,
          arbitrary: fc
            .oneof(
              fc.constant(() => undefined),
              fc.constant((body: Buffer) => signatureOf(body, 'another-token')),
              fc.constant(() => signatureOf(Buffer.from(valid), TWILIO_TOKEN)),
              fc.base64String({ minLength: 28, maxLength: 28 }).map((text) => () => text),
            )
            .map((sign) => ['forged', sign] as const),
        },
      );
      const drafts = fc
        .tuple(bodyKinds(valid, reshaped), signatures, contentTypes('application/x-www-form-urlencoded'), extraHeaders)
        .map(([[kind, body], [authenticity, sign], contentType, extra]): Draft => {
          const signature = sign(body);
          // A body the api does not read as this form is signed over other parameters than the ones drawn.
          const readAsForm =
            contentType === 'application/x-www-form-urlencoded' && extra['content-encoding'] === undefined;
          const forgedAnyway = authenticity === 'forged' && signature !== signatureOf(body, TWILIO_TOKEN);
          return {
            path,
            headers: { 'content-type': contentType, 'x-twilio-signature': signature, ...extra },
            body,
            authenticity: forgedAnyway ? 'forged' : authenticity === 'signed' && readAsForm ? 'signed' : 'mangled',
            kind,
          };
        });
      await fuzz('Twilio', chunked(drafts));
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'Mailgun webhook',
    async () => {
      const valid = rawEmail('Ann Example <ann@customer.example>', ADDRESS, 'fuzz@customer.example');
      type Stamp = (token: string) => { timestamp: string; signature: string };
      const sign = (timestamp: string, token: string, key = MAILGUN_KEY): string =>
        createHmac('sha256', key)
          .update(timestamp + token)
          .digest('hex');
      const now = (): string => String(Math.floor(Date.now() / 1000));
      const stamps = fc.oneof(
        {
          weight: 5,
          arbitrary: fc.constant([
            'signed',
            (token: string) => ({ timestamp: now(), signature: sign(now(), token) }),
          ] as const),
        },
        {
          weight: 5,
          arbitrary: fc
            .oneof(
              fc.constant<Stamp>((token) => ({ timestamp: now(), signature: sign(now(), token, 'another-key') })),
              fc.constant<Stamp>((token) => ({ timestamp: now(), signature: sign(now(), `${token}x`) })),
              fc.constant<Stamp>((token) => ({ timestamp: '1000000000', signature: sign('1000000000', token) })),
              wrongHexDigest.map<Stamp>((hex) => () => ({ timestamp: now(), signature: hex })),
              fc.string().map<Stamp>((text) => () => ({ timestamp: text, signature: text })),
            )
            .map((stamp) => ['forged', stamp] as const),
        },
      );
      const mimes = fc.oneof(
        { weight: 2, arbitrary: fc.constant(valid) },
        { weight: 3, arbitrary: mutationsOf(valid).map((bytes) => bytes.toString('latin1')) },
        { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 2048 }) },
      );
      const encodings = fc.constantFrom('multipart', 'form', 'multipart, mangled');
      const drafts = fc
        .tuple(mimes, stamps, encodings, fc.option(fc.string(), { freq: 5 }), extraHeaders)
        .chain(([mime, [authenticity, stamp], encoding, recipient, extra]) => {
          // A token of its own per request: the api refuses a token seen before (a replay).
          const token = randomBytes(25).toString('hex');
          const fields = { recipient: recipient ?? ADDRESS, 'body-mime': mime, token, ...stamp(token) };
          const boundary = `----fuzz${randomBytes(8).toString('hex')}`;
          const multipart = multipartBody(fields, boundary);
          const bodies =
            encoding === 'form'
              ? fc.constant(Buffer.from(new URLSearchParams(fields).toString()))
              : encoding === 'multipart'
                ? fc.constant(multipart)
                : mutationsOf(multipart.toString('latin1'));
          return bodies.map((body): Draft => ({
            path: encoding === 'form' ? `/webhooks/mailgun/${emailChannel}` : `/webhooks/mailgun/${emailChannel}/mime`,
            headers: {
              'content-type':
                encoding === 'form' ? 'application/x-www-form-urlencoded' : `multipart/form-data; boundary=${boundary}`,
              ...extra,
            },
            body,
            authenticity:
              authenticity === 'forged' ? 'forged' : encoding === 'multipart, mangled' ? 'mangled' : 'signed',
            kind: encoding,
          }));
        });
      await fuzz('Mailgun', chunked(drafts));
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'connector API',
    async () => {
      const valid = JSON.stringify({
        externalId: 'fuzz-1',
        from: { address: '+4915112345678', name: 'Ann Example' },
        text: 'Hello',
        sentAt: '2026-03-01T09:30:00Z',
      });
      const keys = fc.oneof(
        { weight: 5, arbitrary: fc.constant(['signed', `Bearer ${connector.key}`] as const) },
        {
          weight: 5,
          arbitrary: fc
            .oneof(
              fc.constant(undefined),
              fc.constant(`Bearer ${otherConnector.key}`),
              fc.constant(`Bearer ${connector.key.slice(0, -1)}${connector.key.endsWith('a') ? 'b' : 'a'}`),
              fc.constant(connector.key),
              fc.string().map((text) => `Bearer ${text}`),
            )
            .map((key) => ['forged', key] as const),
        },
      );
      const drafts = fc
        .tuple(
          bodyKinds(valid, jsonShapedMutations(JSON.parse(valid))),
          keys,
          contentTypes('application/json'),
          extraHeaders,
        )
        .map(([[kind, body], [authenticity, authorization], contentType, extra]): Draft => ({
          path: `/api/v1/channels/${connector.id}/messages`,
          headers: { 'content-type': contentType, authorization, ...extra },
          body,
          authenticity,
          kind,
        }));
      await fuzz('connector API', chunked(drafts));
    },
    TEST_TIMEOUT_MS,
  );

  it('leaves every endpoint answering deliveries', async () => {
    expect((await request(ingress.api.url).get('/health')).status).toBe(200);
    const body = whatsappTextDelivery(PHONE_NUMBER_ID, '16505551234', 'wamid.after-fuzzing');
    const response = await request(ingress.api.url)
      .post(`/webhooks/whatsapp/${whatsappChannel}`)
      .set('content-type', 'application/json')
      .set('x-hub-signature-256', whatsappSignature(body, APP_SECRET))
      .send(body);
    expect(response.status).toBe(200);
    expect(await ingress.queue.messageJob(whatsappChannel, 'wamid.after-fuzzing')).toBeDefined();
  });
});
