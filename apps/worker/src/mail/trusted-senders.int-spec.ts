import { jest } from '@jest/globals';
import type { INestApplicationContext } from '@nestjs/common';
import { getConnectionToken } from '@nestjs/mongoose';
import { generateKeyPairSync } from 'node:crypto';
import type { Connection } from 'mongoose';
import { Types } from 'mongoose';
import nodemailer, { type SendMailOptions, type Transporter } from 'nodemailer';
import request from 'supertest';
import { DEFAULT_IDENTITY_SETTINGS, pairKey } from '@app/domain';
import type { InboundJob } from '@app/queue';
import {
  IdentityModule,
  InboundIngestionModule,
  InboundIngestionService,
  SuggestionFinderService,
} from '@app/identity';
import { SuggestionRepository } from '@app/persistence';
import {
  createConnectorChannel,
  mailgunMimeForm,
  pollUntil,
  RestClient,
  startIngressApi,
  startMailWorker,
  startWorkerModules,
  type IngressApi,
  type MailWorker,
} from '@app/testing';
import { DnsResolverService } from './dns-resolver.service.js';

/**
 * Trusted senders (issue 15) over the real SMTP listener (and mail processor) of the worker, Mailgun route and
 * connector API of the api: the ingress decides whether the sender proved its address, the worker's ingestion (run here on the queued job) joins or keeps apart.
 * DNS is a stub serving the test's DKIM key: nothing reaches the network.
 */

const SIGNING_KEY = 'trusted-mailgun-key';
const ADDRESS = 'support@trustco.example';
const SELECTOR = 'test2026';
const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const DKIM_RECORD = `v=DKIM1; k=rsa; p=${publicKey.export({ type: 'spki', format: 'der' }).toString('base64')}`;

let ingress: IngressApi;
let worker: INestApplicationContext;
let mail: MailWorker;
let admin: RestClient;
let db: Connection;
let smtp: Transporter;
let emailChannel: string;
let serial = 0;

/** DKIM keys of `customer.example` and `other.example` under the test selector; every other name does not exist. */
async function stubDns(name: string, rrtype: string): Promise<string[][]> {
  const keyNames = [`${SELECTOR}._domainkey.customer.example`, `${SELECTOR}._domainkey.other.example`];
  if (rrtype === 'TXT' && keyNames.includes(name.toLowerCase())) return [[DKIM_RECORD]];
  throw Object.assign(new Error(`queryTxt ENOTFOUND ${name}`), { code: 'ENOTFOUND' });
}

beforeAll(async () => {
  ingress = await startIngressApi('Trustco');
  mail = await startMailWorker(ingress.api.env);
  jest.spyOn(mail.context.get(DnsResolverService), 'resolve').mockImplementation(stubDns);
  worker = await startWorkerModules(ingress.api.env, [InboundIngestionModule, IdentityModule]);
  db = worker.get(getConnectionToken());
  admin = await RestClient.signIn(ingress.api.url, ingress.admin.email, ingress.admin.password);
  emailChannel = await ingress.channel('email', { addresses: [ADDRESS] }, { mailgunSigningKey: SIGNING_KEY });
  smtp = nodemailer.createTransport({ host: '127.0.0.1', port: mail.smtpPort, secure: false, ignoreTLS: true });
});

afterAll(async () => {
  smtp?.close();
  await worker?.close();
  await mail?.context.close();
  await ingress?.close();
});

const tenantId = () => ingress.admin.tenantId;

/** Files the job the ingress queued, as the worker would, and answers the customer it landed on. */
async function ingestQueued(channelId: string, externalId: string) {
  // SMTP mail is queued by the mail processor after the listener's 250; Mailgun's before its 200.
  const job = await pollUntil(
    `the job of ${externalId}`,
    () => ingress.queue.messageJob(channelId, externalId),
    (found) => found !== undefined,
    15_000,
  );
  if (!job) throw new Error(`no job queued for ${externalId}`);
  const outcome = await worker.get(InboundIngestionService).ingest(job.data as InboundJob);
  if (outcome.outcome !== 'stored') throw new Error(`expected ${externalId} stored, got ${outcome.outcome}`);
  return {
    customerId: outcome.customerId,
    senderVerified: job.data.event.type === 'message' && job.data.event.senderVerified,
  };
}

async function sendSmtp(from: string, extra: SendMailOptions = {}) {
  const messageId = `<smtp-${++serial}@trust.example>`;
  await smtp.sendMail({ from, to: ADDRESS, subject: 'Order 4711', text: 'Where is my order?', messageId, ...extra });
  return ingestQueued(emailChannel, messageId);
}

const signedBy = (domainName: string): SendMailOptions => ({
  dkim: {
    domainName,
    keySelector: SELECTOR,
    privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
  },
});

async function sendMailgun(from: string, verdict: Record<string, string>, headers: string[] = []) {
  const messageId = `mailgun-${++serial}@trust.example`;
  const mime = [
    ...headers,
    `From: ${from}`,
    `To: ${ADDRESS}`,
    'Subject: Order 4711',
    `Message-ID: <${messageId}>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Where is my order?',
    '',
  ].join('\r\n');
  const call = request(ingress.api.url).post(`/webhooks/mailgun/${emailChannel}/mime`);
  for (const [field, value] of Object.entries({ ...mailgunMimeForm(SIGNING_KEY, ADDRESS, mime), ...verdict })) {
    call.field(field, value);
  }
  expect((await call).status).toBe(200);
  return ingestQueued(emailChannel, `<${messageId}>`);
}

/** A customer known by a verified email identity (as a WhatsApp or signed email first message would make it). */
async function ownerOf(address: string) {
  const channelId = emailChannel;
  const outcome = await worker.get(InboundIngestionService).ingest({
    tenantId: tenantId(),
    channelId,
    receivedAt: new Date().toISOString(),
    event: {
      type: 'message',
      channelKind: 'email',
      externalId: `<owner-${++serial}@trust.example>`,
      from: { address },
      attachments: [],
      messageType: 'email',
      sentAt: new Date().toISOString(),
      senderVerified: true,
    },
  });
  if (outcome.outcome !== 'stored') throw new Error('owner not stored');
  return outcome.customerId;
}

const identitiesOf = (customerId: string) =>
  db
    .collection('identities')
    .find({ customerId: new Types.ObjectId(customerId) })
    .toArray();

async function suggestionBetween(a: string, b: string) {
  await worker.get(SuggestionFinderService).check(tenantId(), b);
  return worker.get(SuggestionRepository).findByPair(tenantId(), pairKey(a, b));
}

async function trustUnauthenticatedEmail(trust: boolean) {
  const saved = await admin.put('/api/v1/settings/identity', {
    ...DEFAULT_IDENTITY_SETTINGS,
    trustUnauthenticatedEmail: trust,
  });
  expect(saved.status).toBe(200);
  expect(saved.body.trustUnauthenticatedEmail).toBe(trust);
}

describe('email over SMTP', () => {
  it('joins the customer holding the From address when DKIM-signed by the From domain', async () => {
    const owner = await ownerOf('ann@customer.example');
    const signed = await sendSmtp('Ann <ann@customer.example>', signedBy('customer.example'));
    expect(signed).toEqual({ customerId: owner, senderVerified: true });
  });

  it('files the same email unsigned on a new unverified customer with a suggestion to the holder', async () => {
    const owner = await ownerOf('bea@customer.example');
    const unsigned = await sendSmtp('Bea <bea@customer.example>');
    expect(unsigned.senderVerified).toBe(false);
    expect(unsigned.customerId).not.toBe(owner);
    expect(await identitiesOf(unsigned.customerId)).toEqual([
      expect.objectContaining({
        key: 'email:unverified:bea@customer.example',
        unverified: true,
        address: 'bea@customer.example',
      }),
    ]);
    expect(await identitiesOf(owner)).toHaveLength(1);
    const suggestion = await suggestionBetween(owner, unsigned.customerId);
    expect(suggestion).toMatchObject({
      status: 'open',
      evidence: [{ rule: 'unverified_same_address', values: ['bea@customer.example', 'bea@customer.example'] }],
    });
    // Later signed mail from the address still reaches its owner, not the unverified customer.
    expect((await sendSmtp('Bea <bea@customer.example>', signedBy('customer.example'))).customerId).toBe(owner);
    // And later unsigned mail keeps to the unverified identity.
    expect((await sendSmtp('Bea <bea@customer.example>')).customerId).toBe(unsigned.customerId);
  });

  it('does not take a signature of another domain as proof of the From address', async () => {
    const owner = await ownerOf('cat@customer.example');
    const forged = await sendSmtp('Cat <cat@customer.example>', signedBy('other.example'));
    expect(forged.senderVerified).toBe(false);
    expect(forged.customerId).not.toBe(owner);
  });

  it('does not take a signature over a body changed afterwards', async () => {
    const owner = await ownerOf('dan@customer.example');
    const messageId = `<tampered-${++serial}@trust.example>`;
    const signed = await new Promise<Buffer>((resolve, reject) =>
      nodemailer
        .createTransport({ streamTransport: true, buffer: true, ...signedBy('customer.example') })
        .sendMail(
          { from: 'dan@customer.example', to: ADDRESS, subject: 'Refund', text: 'Send it to me', messageId },
          (error, info) => (error ? reject(error) : resolve(info.message as Buffer)),
        ),
    );
    const tampered = Buffer.from(signed.toString('utf8').replace('Send it to me', 'Send it to IBAN XX00'));
    await smtp.sendMail({ envelope: { from: 'dan@customer.example', to: [ADDRESS] }, raw: tampered });
    const filed = await ingestQueued(emailChannel, messageId);
    expect(filed.senderVerified).toBe(false);
    expect(filed.customerId).not.toBe(owner);
  });
});

describe('email over the Mailgun route', () => {
  it("joins on Mailgun's DKIM Pass, as a form field or as the header it adds on top", async () => {
    const owner = await ownerOf('eve@customer.example');
    const field = await sendMailgun('eve@customer.example', { 'X-Mailgun-Dkim-Check-Result': 'Pass' });
    expect(field).toEqual({ customerId: owner, senderVerified: true });
    const header = await sendMailgun('eve@customer.example', {}, ['X-Mailgun-Dkim-Check-Result: Pass']);
    expect(header).toEqual({ customerId: owner, senderVerified: true });
  });

  it("keeps apart on Mailgun's DKIM Fail, whatever header the sender wrote below Mailgun's", async () => {
    const owner = await ownerOf('fay@customer.example');
    const failed = await sendMailgun('fay@customer.example', { 'X-Mailgun-Dkim-Check-Result': 'Fail' });
    expect(failed.senderVerified).toBe(false);
    expect(failed.customerId).not.toBe(owner);
    const forged = await sendMailgun('fay@customer.example', {}, [
      'X-Mailgun-Dkim-Check-Result: Fail',
      'X-Mailgun-Dkim-Check-Result: Pass',
    ]);
    expect(forged).toEqual({ customerId: failed.customerId, senderVerified: false });
  });
});

describe('the tenant setting trustUnauthenticatedEmail', () => {
  afterEach(() => trustUnauthenticatedEmail(false));

  it('joins unsigned email as before senders were verified, and only while it is on', async () => {
    const owner = await ownerOf('gus@customer.example');
    await trustUnauthenticatedEmail(true);
    expect(await sendSmtp('gus@customer.example')).toEqual({ customerId: owner, senderVerified: false });
    await trustUnauthenticatedEmail(false);
    expect((await sendSmtp('gus@customer.example')).customerId).not.toBe(owner);
  });
});

describe('custom connectors', () => {
  async function deliver(channel: { id: string; key: string }, address: string) {
    const externalId = `crm-${++serial}`;
    const response = await request(ingress.api.url)
      .post(`/api/v1/channels/${channel.id}/messages`)
      .set('Authorization', `Bearer ${channel.key}`)
      .send({ externalId, from: { address }, text: 'Hello' });
    expect(response.status).toBe(202);
    return ingestQueued(channel.id, externalId);
  }

  it("does not join a customer by an address an untrusted key's connector claims, even when email is trusted", async () => {
    const owner = await ownerOf('hal@customer.example');
    await trustUnauthenticatedEmail(true);
    const untrusted = await createConnectorChannel(admin, 'api', { trusted: false });
    const claimed = await deliver(untrusted, 'hal@customer.example');
    await trustUnauthenticatedEmail(false);
    expect(claimed.senderVerified).toBe(false);
    expect(claimed.customerId).not.toBe(owner);
    expect(await identitiesOf(claimed.customerId)).toEqual([
      expect.objectContaining({ key: 'api:unverified:hal@customer.example', unverified: true }),
    ]);
    expect(await suggestionBetween(owner, claimed.customerId)).toMatchObject({
      evidence: [{ rule: 'unverified_same_address' }],
    });
  });

  it('joins the holder when the key is marked trusted, and says so in the key list', async () => {
    const owner = await ownerOf('ivy@customer.example');
    const trusted = await createConnectorChannel(admin, 'api', { trusted: true });
    expect(await deliver(trusted, 'ivy@customer.example')).toEqual({ customerId: owner, senderVerified: true });
    const keys = await admin.get(`/api/v1/channels/${trusted.id}/api-keys`);
    expect(keys.body.items).toEqual([expect.objectContaining({ trusted: true })]);
  });
});
