import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { createConnection } from 'node:net';
import { Queue } from 'bullmq';
import { Types } from 'mongoose';
import nodemailer, { type SendMailOptions, type Transporter } from 'nodemailer';
import { ChannelRepository } from '@app/persistence';
import { QUEUES } from '@app/queue';
import {
  dropTestDatabase,
  InboundQueueProbe,
  pollUntil,
  startMailWorker,
  testEnvironment,
  type MailWorker,
  type TestEnvironment,
} from '@app/testing';

/** The worker's SMTP listener and mail processor: mail in over SMTP, inbound jobs out (nothing files them here). */
let env: TestEnvironment;
let mail: MailWorker;
let inbound: InboundQueueProbe;
let mailQueue: Queue;
let smtp: Transporter;
let channelId: string;
let salesChannelId: string;
const tenantId = new Types.ObjectId().toHexString();

const message = (id: string, to: string | string[], extra: SendMailOptions = {}) => ({
  from: 'Ann Example <ann@customer.example>',
  to,
  subject: 'Order 4711',
  text: 'Where is my order?',
  messageId: `<${id}>`,
  ...extra,
});

/** One SMTP command after the greeting and EHLO, answering the server's reply to it. */
function replyTo(command: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = createConnection({ host: '127.0.0.1', port: mail.smtpPort });
    const replies: string[] = [];
    socket.setEncoding('utf8');
    socket.on('error', reject);
    socket.on('data', (chunk: string) => {
      replies.push(...chunk.split('\r\n').filter((line) => /^\d{3} /.test(line)));
      if (replies.length === 1) socket.write('EHLO test.example\r\n');
      if (replies.length === 2) socket.write(`${command}\r\n`);
      if (replies.length === 3) {
        socket.end('QUIT\r\n');
        resolve(replies[2]);
      }
    });
  });
}

/** The inbound job of a message, once the mail processor queued it. */
const queued = (channel: string, externalId: string) =>
  pollUntil(
    `the job of ${externalId}`,
    () => inbound.messageJob(channel, externalId),
    (job) => job !== undefined,
    15_000,
  );

/** Every mail job taken so far is processed (completed or failed for good). */
const mailProcessed = () =>
  pollUntil(
    'the mail queue processed',
    () => mailQueue.getJobCounts('waiting', 'active', 'delayed', 'prioritized'),
    (counts) => Object.values(counts).every((count) => count === 0),
    15_000,
  );

/** Mail jobs in every state, done ones too. */
const mailJobs = async (): Promise<number> =>
  Object.values(await mailQueue.getJobCounts()).reduce((sum, count) => sum + count, 0);

const storedRawMail = async (): Promise<string[]> => {
  const root = join(env.STORAGE_DIR, 'mail');
  const days = await readdir(root).catch(() => []);
  return (await Promise.all(days.map((day) => readdir(join(root, day))))).flat();
};

beforeAll(async () => {
  env = testEnvironment();
  mail = await startMailWorker(env);
  inbound = new InboundQueueProbe(env);
  mailQueue = new Queue(QUEUES.mail, { connection: { url: env.REDIS_URL } });
  smtp = nodemailer.createTransport({ host: '127.0.0.1', port: mail.smtpPort, secure: false, ignoreTLS: true });
  const channels = mail.context.get(ChannelRepository);
  const channel = async (addresses: string[]) =>
    (
      await channels.create({ tenantId, kind: 'email', name: 'email', settings: { addresses }, secrets: {} })
    )._id.toHexString();
  channelId = await channel(['support@smtpco.example', 'help@smtpco.example']);
  salesChannelId = await channel(['sales@smtpco.example']);
});

afterAll(async () => {
  smtp?.close();
  await mail?.context.close();
  await inbound?.close();
  await mailQueue?.obliterate({ force: true });
  await mailQueue?.close();
  if (env) await dropTestDatabase(env);
});

describe('SMTP listener in the worker', () => {
  it('listens on a port of its own', () => {
    expect(mail.smtpPort).toBeGreaterThan(0);
  });

  it("queues mail to a channel's address, whatever its case and +tag", async () => {
    const info = await smtp.sendMail(message('smtp-1@customer.example', 'Support+T0K3N@SmtpCo.Example'));
    expect(info.accepted).toHaveLength(1);
    const job = await queued(channelId, '<smtp-1@customer.example>');
    expect(job?.data).toMatchObject({ tenantId, channelId });
    expect(job?.data.event).toMatchObject({
      channelKind: 'email',
      from: { address: 'ann@customer.example', name: 'Ann Example' },
      to: expect.stringMatching(/^Support\+T0K3N@smtpco\.example$/i),
      email: { subject: 'Order 4711' },
      senderVerified: false,
    });
  });

  it('queues one job per channel of the recipients', async () => {
    await smtp.sendMail(
      message('smtp-2@customer.example', ['support@smtpco.example', 'help@smtpco.example', 'sales@smtpco.example']),
    );
    expect((await queued(channelId, '<smtp-2@customer.example>'))?.data.event).toMatchObject({
      to: 'support@smtpco.example',
    });
    expect(await queued(salesChannelId, '<smtp-2@customer.example>')).toBeDefined();
  });

  it('refuses an unknown recipient with 550', async () => {
    await expect(smtp.sendMail(message('smtp-3@customer.example', 'nobody@smtpco.example'))).rejects.toMatchObject({
      responseCode: 550,
    });
  });

  it('delivers to the known recipients of a message and refuses the others', async () => {
    const info = await smtp.sendMail(
      message('smtp-4@customer.example', ['stranger@else.example', 'help@smtpco.example']),
    );
    expect(info.accepted).toEqual(['help@smtpco.example']);
    expect(info.rejected).toEqual(['stranger@else.example']);
    expect(await queued(channelId, '<smtp-4@customer.example>')).toBeDefined();
  });

  it('accepts an auto-reply without queueing it', async () => {
    const info = await smtp.sendMail(
      message('smtp-5@customer.example', 'support@smtpco.example', { headers: { 'Auto-Submitted': 'auto-replied' } }),
    );
    expect(info.accepted).toHaveLength(1);
    await mailProcessed();
    expect(await inbound.messageJob(channelId, '<smtp-5@customer.example>')).toBeUndefined();
  });

  it('accepts a bounce (null sender) without queueing it', async () => {
    const info = await smtp.sendMail(
      message('smtp-6@customer.example', 'support@smtpco.example', {
        envelope: { from: '', to: ['support@smtpco.example'] },
      }),
    );
    expect(info.accepted).toHaveLength(1);
    await mailProcessed();
    expect(await inbound.messageJob(channelId, '<smtp-6@customer.example>')).toBeUndefined();
  });

  it('accepts bytes that are no email, and the processor fails their job for good without retrying', async () => {
    const info = await smtp.sendMail({
      envelope: { from: 'ann@customer.example', to: ['support@smtpco.example'] },
      raw: 'no headers at all\r\n',
    });
    expect(info.accepted).toHaveLength(1);
    await mailProcessed();
    const failed = await mailQueue.getFailed();
    expect(failed.map((job) => [job.attemptsMade, job.failedReason])).toEqual([
      [1, expect.stringMatching(/is not a readable email/)],
    ]);
  });

  it('refuses a declared size over 25 MB with 552', async () => {
    expect(await replyTo('MAIL FROM:<ann@customer.example> SIZE=30000000')).toMatch(/^552 /);
  });

  it('refuses a message over 25 MB with 552, keeping neither its bytes nor a job', async () => {
    await mailProcessed();
    const before = await storedRawMail();
    const jobs = await mailJobs();
    const huge = 'x'.repeat(26 * 1024 * 1024);
    await expect(
      smtp.sendMail(message('smtp-7@customer.example', 'support@smtpco.example', { text: huge })),
    ).rejects.toMatchObject({ responseCode: 552 });
    expect(await storedRawMail()).toEqual(before);
    expect(await mailJobs()).toBe(jobs);
  });
});
