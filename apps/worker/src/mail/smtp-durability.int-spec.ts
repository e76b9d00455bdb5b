import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Types } from 'mongoose';
import nodemailer, { type Transporter } from 'nodemailer';
import { ChannelRepository } from '@app/persistence';
import { QUEUES, type RawEmailJob } from '@app/queue';
import {
  dropTestDatabase,
  pollUntil,
  rawEmail,
  SmtpSession,
  startMailWorker,
  testEnvironment,
  type MailWorker,
  type TestEnvironment,
} from '@app/testing';

/**
 * The listener alone (no mail processor), so what it took stays on the mail queue to be looked at: 250 only once the
 * raw message and its job are both durable, 451 and nothing half-kept otherwise, and per-address connection caps.
 */
const ADDRESS = 'support@durable.example';
const OTHER_ADDRESS = 'sales@durable.example';
const PER_ADDRESS = 10;

let env: TestEnvironment;
let mail: MailWorker;
let mailQueue: Queue<RawEmailJob>;
let smtp: Transporter;
let channelId: string;
let otherChannelId: string;
const tenantId = new Types.ObjectId().toHexString();
let serial = 0;

const mailJobs = async (): Promise<number> =>
  Object.values(await mailQueue.getJobCounts()).reduce((sum, count) => sum + count, 0);

beforeAll(async () => {
  env = testEnvironment({ SMTP_MAX_CONNECTIONS_PER_IP: String(PER_ADDRESS) });
  mail = await startMailWorker(env, { processor: false });
  mailQueue = new Queue<RawEmailJob>(QUEUES.mail, { connection: { url: env.REDIS_URL } });
  smtp = nodemailer.createTransport({
    host: '127.0.0.1',
    port: mail.smtpPort,
    secure: false,
    ignoreTLS: true,
    name: 'mx.customer.example',
  });
  const channels = mail.context.get(ChannelRepository);
  const channel = async (addresses: string[]) =>
    (
      await channels.create({ tenantId, kind: 'email', name: 'email', settings: { addresses }, secrets: {} })
    )._id.toHexString();
  channelId = await channel([ADDRESS]);
  otherChannelId = await channel([OTHER_ADDRESS]);
});

afterAll(async () => {
  smtp?.close();
  await mail?.context.close();
  await mailQueue?.obliterate({ force: true });
  await mailQueue?.close();
  if (env) await dropTestDatabase(env);
});

const send = (to: string[]) => {
  const messageId = `durable-${++serial}@customer.example`;
  return {
    messageId,
    sent: smtp.sendMail({
      envelope: { from: 'ann@customer.example', to },
      raw: rawEmail('Ann <ann@customer.example>', to[0], messageId),
    }),
  };
};

describe('250 only once stored and queued', () => {
  it('holds the raw message and its job, with the envelope grouped by channel, when the client gets 250', async () => {
    const { messageId, sent } = send([ADDRESS, 'Support+t1@durable.example', OTHER_ADDRESS]);
    const info = await sent;
    expect(info.response).toMatch(/^250 /);
    // Read right after the reply, without waiting for anything: both must be there already.
    const jobs = await mailQueue.getWaiting();
    expect(jobs).toHaveLength(1);
    const [job] = jobs;
    expect(job?.data).toEqual({
      storageKey: expect.stringMatching(/^mail\/\d{4}-\d{2}-\d{2}\/[0-9a-f-]{36}\.eml$/),
      mailFrom: 'ann@customer.example',
      deliveries: [
        { tenantId, channelId, recipients: [ADDRESS, 'Support+t1@durable.example'] },
        { tenantId, channelId: otherChannelId, recipients: [OTHER_ADDRESS] },
      ],
      remoteAddress: expect.stringMatching(/127\.0\.0\.1$/),
      helo: 'mx.customer.example',
      receivedAt: expect.any(String),
    });
    const raw = await readFile(join(env.STORAGE_DIR, job?.data.storageKey ?? 'missing'), 'utf8');
    expect(raw).toContain(`Message-ID: <${messageId}>`);
    expect(raw).toContain('Where is my order 4711?');
  });

  it('answers 451 when the storage fails, queueing nothing and keeping no bytes', async () => {
    const jobs = await mailJobs();
    const mailFolder = join(env.STORAGE_DIR, 'mail');
    const keptAside = join(env.STORAGE_DIR, 'mail-aside');
    await mkdir(mailFolder, { recursive: true });
    await rename(mailFolder, keptAside);
    // A file where the storage needs a folder: every write of raw mail fails.
    await writeFile(mailFolder, 'not a folder');
    try {
      await expect(send([ADDRESS]).sent).rejects.toMatchObject({
        responseCode: 451,
        response: expect.stringMatching(/storing the message/),
      });
      expect(await mailJobs()).toBe(jobs);
      expect(await readFile(mailFolder, 'utf8')).toBe('not a folder');
    } finally {
      await rm(mailFolder, { force: true });
      await rename(keptAside, mailFolder);
    }
    // And mail is taken again once the storage is back.
    expect((await send([ADDRESS]).sent).response).toMatch(/^250 /);
    expect(await mailJobs()).toBe(jobs + 1);
  });
});

describe('connections per client address', () => {
  it(`refuses the connection after ${PER_ADDRESS} from one address with 421, while another address is served`, async () => {
    const sessions: SmtpSession[] = [];
    try {
      for (let index = 0; index < PER_ADDRESS; index += 1) {
        const { session, greeting } = await SmtpSession.open(mail.smtpPort);
        sessions.push(session);
        expect(greeting).toMatch(/^220 /);
      }
      const refused = await SmtpSession.open(mail.smtpPort);
      sessions.push(refused.session);
      expect(refused.greeting).toMatch(/^421 /);

      const other = await SmtpSession.open(mail.smtpPort, { localAddress: '127.0.0.2' });
      sessions.push(other.session);
      expect(other.greeting).toMatch(/^220 /);
      expect(await other.session.send('EHLO other.example\r\n')).toMatch(/^250 /);
      expect(await other.session.send('MAIL FROM:<bob@other.example>\r\n')).toMatch(/^250 /);
      expect(await other.session.send(`RCPT TO:<${ADDRESS}>\r\n`)).toMatch(/^250 /);

      // A connection of the first address closes: the address may open one again.
      sessions[0].close();
      const again = await pollUntil(
        'a connection admitted again',
        async () => {
          const opened = await SmtpSession.open(mail.smtpPort);
          sessions.push(opened.session);
          if (!opened.greeting.startsWith('220')) opened.session.close();
          return opened.greeting;
        },
        (greeting) => greeting.startsWith('220'),
        10_000,
      );
      expect(again).toMatch(/^220 /);
    } finally {
      for (const session of sessions) session.close();
    }
  });
});
