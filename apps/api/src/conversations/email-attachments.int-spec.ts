import type { INestApplicationContext } from '@nestjs/common';
import { Queue } from 'bullmq';
import nodemailer, { type Transporter } from 'nodemailer';
import request from 'supertest';
import { MAX_EMAIL_BODY_BYTES } from '@app/channels';
import { IdentityModule, InboundIngestionModule, InboundIngestionService } from '@app/identity';
import { QUEUES, type InboundJob, type RawEmailJob } from '@app/queue';
import {
  mailgunMimeForm,
  pollUntil,
  RestClient,
  startIngressApi,
  startMailWorker,
  startWorkerModules,
  type IngressApi,
  type MailWorker,
} from '@app/testing';

/**
 * Nothing dropped (issue 15): an email's body over the limit is kept cut, with its original size, and its attachments
 * are kept as descriptions with their bytes in the storage, over SMTP (the worker's listener and mail processor) and
 * the Mailgun route alike; agents download them through the api.
 */
const SIGNING_KEY = 'attach-mailgun-key';
const ADDRESS = 'support@attachco.example';
const INVOICE = Buffer.from('%PDF-1.7 the invoice of order 4711');
const LOGO = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);

let ingress: IngressApi;
let mail: MailWorker;
let worker: INestApplicationContext;
let mailQueue: Queue<RawEmailJob>;
let agent: RestClient;
let smtp: Transporter;
let channelId: string;
let serial = 0;

beforeAll(async () => {
  ingress = await startIngressApi('Attachco');
  mail = await startMailWorker(ingress.api.env);
  worker = await startWorkerModules(ingress.api.env, [InboundIngestionModule, IdentityModule]);
  mailQueue = new Queue<RawEmailJob>(QUEUES.mail, { connection: { url: ingress.api.env.REDIS_URL } });
  channelId = await ingress.channel('email', { addresses: [ADDRESS] }, { mailgunSigningKey: SIGNING_KEY });
  // The tenant's agent, as startIngressApi's createTenantWithUsers made it.
  agent = await RestClient.signIn(ingress.api.url, 'agent@attachco.example', 'agent-password-123');
  smtp = nodemailer.createTransport({ host: '127.0.0.1', port: mail.smtpPort, secure: false, ignoreTLS: true });
});

afterAll(async () => {
  smtp?.close();
  await mailQueue?.obliterate({ force: true });
  await mailQueue?.close();
  await worker?.close();
  await mail?.context.close();
  await ingress?.close();
});

const htmlOf = (text: string) => `<p>${text}</p><img src="cid:logo@customer.example">`;

const composed = (messageId: string, text: string) => ({
  from: 'Ann <ann@customer.example>',
  to: ADDRESS,
  subject: 'Invoice',
  text,
  html: htmlOf(text),
  messageId: `<${messageId}>`,
  attachments: [
    { filename: 'invoice.pdf', content: INVOICE, contentType: 'application/pdf' },
    { filename: 'logo.png', content: LOGO, contentType: 'image/png', cid: 'logo@customer.example' },
  ],
});

/** Files the queued job of a message as the worker would; answers its conversation. */
async function fileQueued(externalId: string): Promise<string> {
  const job = await pollUntil(
    `the job of ${externalId}`,
    () => ingress.queue.messageJob(channelId, externalId),
    (found) => found !== undefined,
    15_000,
  );
  const outcome = await worker.get(InboundIngestionService).ingest(job?.data as InboundJob);
  if (outcome.outcome === 'stored') return outcome.conversationId;
  throw new Error(`expected ${externalId} stored, got ${outcome.outcome}`);
}

async function onlyMessage(conversationId: string) {
  const response = await agent.get(`/api/v1/conversations/${conversationId}/messages`);
  expect(response.status).toBe(200);
  expect(response.body.items).toHaveLength(1);
  return response.body.items[0];
}

const longText = () => `${'Where is my order? '.repeat(Math.ceil((MAX_EMAIL_BODY_BYTES + 40_000) / 19))}`;

function expectKeptWhole(message: Record<string, unknown>, original: string) {
  expect(message).toMatchObject({ truncated: true, originalSize: Buffer.byteLength(htmlOf(original)) });
  expect(Buffer.byteLength(message.text as string)).toBe(MAX_EMAIL_BODY_BYTES);
  expect(original.startsWith(message.text as string)).toBe(true);
  // In the order of the MIME parts (nodemailer puts the inline image beside the HTML, before the files).
  const byName = [...(message.attachments as { name: string }[])].sort((a, b) => a.name.localeCompare(b.name));
  expect(byName).toEqual([
    {
      name: 'invoice.pdf',
      contentType: 'application/pdf',
      size: INVOICE.length,
      sha256: expect.any(String),
      downloadable: true,
    },
    {
      name: 'logo.png',
      contentType: 'image/png',
      size: LOGO.length,
      sha256: expect.any(String),
      contentId: 'logo@customer.example',
      downloadable: true,
    },
  ]);
}

async function expectDownloads(conversationId: string, message: { id: string; attachments: { name: string }[] }) {
  const base = `/api/v1/conversations/${conversationId}/messages/${message.id}/attachments`;
  const n = message.attachments.findIndex(({ name }) => name === 'invoice.pdf');
  const invoice = await agent
    .get(`${base}/${n}`)
    .buffer(true)
    .parse((response, done) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => done(null, Buffer.concat(chunks)));
    });
  expect(invoice.status).toBe(200);
  expect(invoice.headers['content-type']).toMatch(/^application\/pdf/);
  expect(invoice.headers['content-disposition']).toBe("attachment; filename*=UTF-8''invoice.pdf");
  expect(Buffer.compare(invoice.body as Buffer, INVOICE)).toBe(0);
  expect((await agent.get(`${base}/2`)).status).toBe(404);
  expect((await request(ingress.api.url).get(`${base}/${n}`)).status).toBe(401);
}

describe('over SMTP', () => {
  it('keeps a cut body with its original size and every attachment, which agents download', async () => {
    const messageId = `smtp-${++serial}@customer.example`;
    const text = longText();
    await smtp.sendMail(composed(messageId, text));
    const conversationId = await fileQueued(`<${messageId}>`);
    const message = await onlyMessage(conversationId);
    expectKeptWhole(message, text);
    await expectDownloads(conversationId, message);
  });

  it('makes one message when the mail job runs again', async () => {
    const messageId = `rerun-${++serial}@customer.example`;
    await smtp.sendMail(composed(messageId, 'Short one'));
    const conversationId = await fileQueued(`<${messageId}>`);
    const done = await mailQueue.getCompleted();
    const job = done.find((candidate) => candidate.data.deliveries[0]?.channelId === channelId && candidate.finishedOn);
    if (!job?.id) throw new Error('no completed mail job');
    const firstRun = job.finishedOn;
    await job.retry('completed');
    await pollUntil(
      'the mail job run again',
      () => mailQueue.getJob(job.id ?? ''),
      (again) => again?.finishedOn !== undefined && again.finishedOn !== firstRun,
      15_000,
    );
    const jobs = (await ingress.queue.jobsOf(channelId)).filter(
      (candidate) => candidate.data.event.externalId === `<${messageId}>`,
    );
    expect(jobs).toHaveLength(1);
    for (const again of jobs) await worker.get(InboundIngestionService).ingest(again.data);
    expect((await onlyMessage(conversationId)).attachments).toHaveLength(2);
  });
});

describe('over the Mailgun route', () => {
  it('keeps a cut body with its original size and every attachment, which agents download', async () => {
    const messageId = `mailgun-${++serial}@customer.example`;
    const text = longText();
    const mime = await new Promise<Buffer>((resolve, reject) =>
      nodemailer
        .createTransport({ streamTransport: true, buffer: true })
        .sendMail(composed(messageId, text), (error, info) =>
          error ? reject(error) : resolve(info.message as Buffer),
        ),
    );
    const call = request(ingress.api.url).post(`/webhooks/mailgun/${channelId}/mime`);
    for (const [field, value] of Object.entries(mailgunMimeForm(SIGNING_KEY, ADDRESS, mime.toString('utf8')))) {
      call.field(field, value);
    }
    expect((await call).status).toBe(200);
    const conversationId = await fileQueued(`<${messageId}>`);
    const message = await onlyMessage(conversationId);
    expectKeptWhole(message, text);
    await expectDownloads(conversationId, message);
  });
});
