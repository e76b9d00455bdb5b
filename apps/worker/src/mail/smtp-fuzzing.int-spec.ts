import { Queue } from 'bullmq';
import fc from 'fast-check';
import { Types } from 'mongoose';
import { ChannelRepository } from '@app/persistence';
import { QUEUES } from '@app/queue';
import {
  dropTestDatabase,
  mutationsOf,
  printFigure,
  proofSize,
  rawEmail,
  SmtpSession,
  startMailWorker,
  testEnvironment,
  type MailWorker,
  type TestEnvironment,
} from '@app/testing';

/**
 * R5 for the SMTP listener: sessions with fuzzed envelopes, commands and message bytes. SMTP's "internal error" is a
 * 421 or 451 reply (or a connection dropped without one): none may occur while Redis and the storage are up, and the
 * listener keeps taking mail afterwards. Nothing is parsed in the session: any bytes within the size limit are stored
 * and queued, and the mail processor refuses what is no email.
 */
const SESSIONS = proofSize(150, 2_000);
const TEST_TIMEOUT_MS = proofSize(30_000, 600_000);
const ADDRESS = 'support@smtpfuzz.example';

let env: TestEnvironment;
let mail: MailWorker;
let port: number;

beforeAll(async () => {
  env = testEnvironment();
  // The listener alone: what it takes waits on the mail queue, which the file's end empties.
  mail = await startMailWorker(env, { processor: false });
  port = mail.smtpPort;
  await mail.context.get(ChannelRepository).create({
    tenantId: new Types.ObjectId().toHexString(),
    kind: 'email',
    name: 'email',
    settings: { addresses: [ADDRESS] },
    secrets: {},
  });
});

afterAll(async () => {
  await mail?.context.close();
  if (env) {
    const mailQueue = new Queue(QUEUES.mail, { connection: { url: env.REDIS_URL } });
    await mailQueue.obliterate({ force: true });
    await mailQueue.close();
    await dropTestDatabase(env);
  }
});

const printable = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map(String.fromCharCode), maxLength: 80 });
const valid = rawEmail('ann@customer.example', ADDRESS, 'smtp-fuzz@customer.example');

interface Session {
  commands: string[];
  message: Buffer;
}

const sessions: fc.Arbitrary<Session> = fc
  .record({
    commands: fc.tuple(
      fc.oneof(fc.constant('EHLO fuzz.example'), fc.constant('HELO fuzz.example'), printable),
      fc.oneof(
        fc.constant('MAIL FROM:<ann@customer.example>'),
        printable.map((text) => `MAIL FROM:${text}`),
        printable,
      ),
      fc.oneof(
        { weight: 3, arbitrary: fc.constant(`RCPT TO:<${ADDRESS}>`) },
        { weight: 1, arbitrary: printable.map((text) => `RCPT TO:<${text}>`) },
        { weight: 1, arbitrary: printable },
      ),
    ),
    message: fc.oneof(
      { weight: 3, arbitrary: mutationsOf(valid) },
      { weight: 1, arbitrary: fc.constant(Buffer.from(valid)) },
      { weight: 2, arbitrary: fc.uint8Array({ maxLength: 2048 }).map((bytes) => Buffer.from(bytes)) },
    ),
  })
  .map(({ commands, message }) => ({ commands: [...commands], message }));

/** A local-error reply or a silent drop: what a 5xx is to HTTP. */
const failed = (reply: string): boolean => reply === 'closed' || reply === 'silent' || /^4(21|51)/.test(reply);

it(
  'answers fuzzed sessions without a local error, and takes mail afterwards',
  async () => {
    const replies = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(sessions, async ({ commands, message }) => {
        const { session, greeting } = await SmtpSession.open(port);
        try {
          const seen = [greeting];
          for (const command of commands) seen.push(await session.send(`${command}\r\n`));
          if ((await session.send('DATA\r\n')).startsWith('354')) {
            // Lines of the message starting with a dot are stuffed, as a client must; what the bytes hold stays fuzzed.
            const stuffed = message.toString('latin1').replace(/(^|\r\n)\./g, '$1..');
            seen.push(await session.send(Buffer.from(`${stuffed}\r\n.\r\n`, 'latin1')));
          }
          seen.push(await session.send('QUIT\r\n'));
          for (const reply of seen) replies.set(reply.slice(0, 3), (replies.get(reply.slice(0, 3)) ?? 0) + 1);
          const bad = seen.filter(failed);
          if (bad.length > 0) throw new Error(`local errors ${bad.join(' | ')} in ${JSON.stringify(commands)}`);
        } finally {
          session.close();
        }
      }),
      { numRuns: SESSIONS },
    );
    const { session } = await SmtpSession.open(port);
    try {
      await session.send('EHLO after.example\r\n');
      await session.send('MAIL FROM:<ann@customer.example>\r\n');
      await session.send(`RCPT TO:<${ADDRESS}>\r\n`);
      await session.send('DATA\r\n');
      const accepted = await session.send(
        `${rawEmail('ann@customer.example', ADDRESS, 'after@customer.example')}\r\n.\r\n`,
      );
      expect(accepted).toMatch(/^250/);
    } finally {
      session.close();
    }
    const counts = [...replies].sort(([a], [b]) => a.localeCompare(b)).map(([code, count]) => `${code}×${count}`);
    printFigure(`R5 fuzzing SMTP: ${SESSIONS} sessions, replies ${counts.join(' ')}`);
  },
  TEST_TIMEOUT_MS,
);
