import { Queue } from 'bullmq';
import fc from 'fast-check';
import mongoose, { Types, type Connection } from 'mongoose';
import pLimit from 'p-limit';
import { freePort } from '@app/launcher';
import { QUEUES } from '@app/queue';
import {
  createTenantThroughCli,
  createWhatsappChannel,
  dropTestDatabase,
  findInvariantViolations,
  mailgunDelivery,
  pollUntil,
  postDelivery,
  printFigure,
  proofSize,
  startAppProcess,
  testEnvironment,
  twilioDelivery,
  whatsappDelivery,
  type Delivery,
  type RestClient,
  type RunningApp,
  type TestEnvironment,
  type WhatsappChannel,
} from '@app/testing';

/**
 * Proof suites R1 (at-least-once), R2 (races on first messages) and R8 (replays), with the api and the worker as
 * processes. `npm run bench:reliability` runs them at the sizes (PROOF_SCALE=bench).
 */
const R1_DISTINCT = proofSize(1_000, 10_000);
const R2_RACERS = 100;
const R2_NUMBERS = proofSize(200, 1_000);
const CONCURRENCY = 16;
/** How long the worker may take to store what was queued; the test's own budget is Jest's e2e timeout. */
const STORE_WITHIN_MS = proofSize(40_000, 600_000);
const TEST_TIMEOUT_MS = proofSize(60_000, 900_000);
const SEED = Number(process.env.PROOF_SEED ?? Date.now() % 2 ** 31);

const PUBLIC_URL = 'https://reliability.example.test';
const SMS = {
  accountSid: 'AC0123456789abcdef0123456789abcdef',
  authToken: 'reliability-twilio-token',
  phoneNumber: '+15550100000',
};
const EMAIL = { address: 'help@reliableco.example', signingKey: 'reliability-mailgun-key' };

let env: TestEnvironment;
let api: RunningApp;
let worker: RunningApp;
let admin: RestClient;
let tenantId: Types.ObjectId;
let whatsapp: WhatsappChannel;
let sms: typeof SMS & { id: string };
let email: typeof EMAIL & { id: string };
let connection: Connection;
let inbound: Queue;
/** Messages the tenant must hold once the worker has stored everything sent so far. */
let expectedMessages = 0;

beforeAll(async () => {
  env = testEnvironment({ PUBLIC_URL, SMTP_PORT: String(await freePort()) });
  [api, worker] = await Promise.all([startAppProcess('api', env), startAppProcess('worker', env)]);
  const tenant = await createTenantThroughCli(env, api.url, 'reliableco');
  admin = tenant.admin;
  tenantId = new Types.ObjectId(tenant.tenantId);
  whatsapp = await createWhatsappChannel(admin, '106540352242922', 'reliability-app-secret');
  const smsChannel = await admin.post('/api/v1/channels', { kind: 'sms', name: 'SMS', config: SMS });
  sms = { ...SMS, id: smsChannel.body.id };
  const emailChannel = await admin.post('/api/v1/channels', {
    kind: 'email',
    name: 'Email',
    config: { addresses: [EMAIL.address], mailgunSigningKey: EMAIL.signingKey },
  });
  email = { ...EMAIL, id: emailChannel.body.id };
  connection = await mongoose.createConnection(env.MONGODB_URI, { dbName: env.MONGODB_DB }).asPromise();
  inbound = new Queue(QUEUES.inbound, { connection: { url: env.REDIS_URL } });
});

afterAll(async () => {
  await inbound?.close();
  await connection?.close();
  await Promise.all([api?.stop(), worker?.stop()]);
  await dropTestDatabase(env);
});

const phone = (n: number): string => `+1650${String(n).padStart(7, '0')}`;
/** A Twilio message SID (`SM` and 32 hex digits) of a numbered series. */
const smsSid = (series: number, n: number): string =>
  `SM${series.toString(16).padStart(8, '0')}${n.toString(16).padStart(24, '0')}`;

/** Sends every delivery (built afresh per attempt), `CONCURRENCY` at once; answers the statuses other than 200. */
async function sendAll(attempts: (() => Delivery)[]): Promise<string[]> {
  const limit = pLimit(CONCURRENCY);
  const refused: string[] = [];
  await Promise.all(
    attempts.map((build) =>
      limit(async () => {
        const delivery = build();
        const { status, text } = await postDelivery(api.url, delivery);
        if (status !== 200) refused.push(`${delivery.path} ${status} ${text.slice(0, 120)}`);
      }),
    ),
  );
  return refused;
}

const messagesStored = (): Promise<number> => connection.collection('messages').countDocuments({ tenantId });

/** Waits until the worker stored `expectedMessages` and left nothing queued; answers what is stored then. */
async function settled(): Promise<number> {
  await pollUntil('messages stored', messagesStored, (count) => count >= expectedMessages, STORE_WITHIN_MS);
  await pollUntil(
    'inbound queue drained',
    () => inbound.getJobCounts('waiting', 'active', 'delayed', 'prioritized'),
    (counts) => Object.values(counts).every((count) => count === 0),
    STORE_WITHIN_MS,
  );
  return messagesStored();
}

/** The customers of the identities of these addresses (none merged away: the race must not be settled by merges). */
async function customersOf(addresses: string[]): Promise<Set<string>> {
  const identities = await connection
    .collection('identities')
    .find({ tenantId, address: { $in: addresses } }, { projection: { customerId: 1 } })
    .toArray();
  return new Set(identities.map((identity) => (identity.customerId as Types.ObjectId).toHexString()));
}

async function expectConsistentTenant(): Promise<void> {
  expect(await findInvariantViolations(connection, tenantId)).toEqual([]);
  const customers = connection.collection('customers');
  expect(await customers.countDocuments({ tenantId, mergedInto: { $ne: null } })).toBe(0);
  const owners = await connection.collection('identities').distinct('customerId', { tenantId });
  // No customer without an identity: a create that lost a race left nothing behind.
  expect(await customers.countDocuments({ tenantId })).toBe(owners.length);
}

describe('R1 at-least-once', () => {
  it(
    `stores exactly the ${R1_DISTINCT} distinct messages of deliveries sent 1–3 times in shuffled order over WhatsApp, SMS and email`,
    async () => {
      const builders = Array.from({ length: R1_DISTINCT }, (_, i): (() => Delivery) => {
        const sender = i % 100;
        if (i % 3 === 0) return () => whatsappDelivery(whatsapp, phone(6_000_000 + sender).slice(1), `wamid.r1-${i}`);
        if (i % 3 === 1) return () => twilioDelivery(sms, PUBLIC_URL, phone(6_000_000 + sender), smsSid(1, i));
        return () => mailgunDelivery(email, `customer${sender}@r1.example`, `r1-${i}@customer.example`);
      });
      const [times, order] = fc.sample(
        fc
          .array(fc.integer({ min: 1, max: 3 }), { minLength: R1_DISTINCT, maxLength: R1_DISTINCT })
          .chain((repeats) => {
            const attempts = repeats.flatMap((count, i) => Array.from({ length: count }, () => i));
            return fc.tuple(
              fc.constant(repeats),
              fc.shuffledSubarray(attempts, { minLength: attempts.length, maxLength: attempts.length }),
            );
          }),
        { seed: SEED, numRuns: 1 },
      )[0];
      const started = Date.now();
      expect(await sendAll(order.map((i) => builders[i]))).toEqual([]);
      const sentMs = Date.now() - started;
      expectedMessages += R1_DISTINCT;
      const stored = await settled();
      printFigure(
        `R1 at-least-once (seed ${SEED}): ${R1_DISTINCT} distinct messages, ${order.length} deliveries ` +
          `(${times.filter((t) => t > 1).length} sent more than once), all answered 200 in ${sentMs} ms; ` +
          `${stored} stored after ${Date.now() - started} ms`,
      );
      expect(stored).toBe(expectedMessages);
      // Delivery i went to channel i % 3: WhatsApp, SMS, email.
      for (const [k, channel] of [whatsapp.id, sms.id, email.id].entries()) {
        const count = await connection
          .collection('messages')
          .countDocuments({ tenantId, channelId: new Types.ObjectId(channel) });
        expect(count).toBe(Math.ceil((R1_DISTINCT - k) / 3));
      }
      await expectConsistentTenant();
    },
    TEST_TIMEOUT_MS,
  );
});

describe('R2 races on first messages', () => {
  it(`makes one customer of ${R2_RACERS} concurrent first messages from one number over WhatsApp and SMS`, async () => {
    const number = phone(7_000_000);
    const attempts = Array.from({ length: R2_RACERS }, (_, i): (() => Delivery) =>
      i % 2 === 0
        ? () => whatsappDelivery(whatsapp, number.slice(1), `wamid.r2-one-${i}`)
        : () => twilioDelivery(sms, PUBLIC_URL, number, smsSid(2, i)),
    );
    const limit = pLimit(R2_RACERS);
    const statuses = await Promise.all(attempts.map((build) => limit(() => postDelivery(api.url, build()))));
    expect(statuses.filter(({ status }) => status !== 200)).toEqual([]);
    expectedMessages += R2_RACERS;
    expect(await settled()).toBe(expectedMessages);
    const customers = await customersOf([number]);
    printFigure(`R2 one number: ${R2_RACERS} concurrent first messages → ${customers.size} customer`);
    expect(customers.size).toBe(1);
    await expectConsistentTenant();
  });

  it(
    `makes ${R2_NUMBERS} customers of ${R2_NUMBERS} numbers writing first over WhatsApp and SMS at once`,
    async () => {
      const numbers = Array.from({ length: R2_NUMBERS }, (_, n) => phone(8_000_000 + n));
      const attempts = numbers.flatMap((number, n): (() => Delivery)[] => [
        () => whatsappDelivery(whatsapp, number.slice(1), `wamid.r2-many-${n}`),
        () => twilioDelivery(sms, PUBLIC_URL, number, smsSid(3, n)),
      ]);
      const order = fc.sample(fc.shuffledSubarray(attempts, { minLength: attempts.length }), {
        seed: SEED,
        numRuns: 1,
      })[0];
      expect(await sendAll(order)).toEqual([]);
      expectedMessages += attempts.length;
      expect(await settled()).toBe(expectedMessages);
      const customers = await customersOf(numbers);
      printFigure(
        `R2 many numbers: ${R2_NUMBERS} numbers, ${attempts.length} first messages → ${customers.size} customers`,
      );
      expect(customers.size).toBe(R2_NUMBERS);
      await expectConsistentTenant();
    },
    TEST_TIMEOUT_MS,
  );
});

describe('R8 replays', () => {
  it('absorbs replayed WhatsApp and Twilio bodies, and refuses replayed Mailgun tokens and stale timestamps', async () => {
    const number = phone(9_000_000);
    const whatsappBody = whatsappDelivery(whatsapp, number.slice(1), 'wamid.r8-replayed');
    const twilioBody = twilioDelivery(sms, PUBLIC_URL, number, smsSid(8, 1));
    const mailgun = mailgunDelivery(email, 'replay@r8.example', 'r8-1@customer.example');
    const answers = { whatsapp: [] as number[], twilio: [] as number[], mailgun: [] as number[] };
    for (let replay = 0; replay < 5; replay += 1) {
      answers.whatsapp.push((await postDelivery(api.url, whatsappBody)).status);
      answers.twilio.push((await postDelivery(api.url, twilioBody)).status);
      answers.mailgun.push((await postDelivery(api.url, mailgun)).status);
    }
    const stale = await postDelivery(
      api.url,
      mailgunDelivery(email, 'replay@r8.example', 'r8-2@customer.example', {
        timestamp: Math.floor(Date.now() / 1000) - 3600,
      }),
    );
    const future = await postDelivery(
      api.url,
      mailgunDelivery(email, 'replay@r8.example', 'r8-3@customer.example', {
        timestamp: Math.floor(Date.now() / 1000) + 3600,
      }),
    );
    printFigure(
      `R8 replays: WhatsApp ${answers.whatsapp.join(',')}, Twilio ${answers.twilio.join(',')}, ` +
        `Mailgun token ${answers.mailgun.join(',')}, stale timestamp ${stale.status}, future timestamp ${future.status}`,
    );
    expect(answers.whatsapp).toEqual([200, 200, 200, 200, 200]);
    expect(answers.twilio).toEqual([200, 200, 200, 200, 200]);
    expect(answers.mailgun).toEqual([200, 406, 406, 406, 406]);
    expect(JSON.parse((await postDelivery(api.url, mailgun)).text)).toMatchObject({ code: 'replayed_token' });
    expect(stale.status).toBe(401);
    expect(JSON.parse(stale.text)).toMatchObject({ code: 'stale_signature' });
    expect(future.status).toBe(401);
    expectedMessages += 3;
    expect(await settled()).toBe(expectedMessages);
    const externalIds = await connection
      .collection('messages')
      .distinct('externalId', { tenantId, externalId: { $in: ['wamid.r8-replayed', smsSid(8, 1)] } });
    expect(externalIds.sort()).toEqual([smsSid(8, 1), 'wamid.r8-replayed'].sort());
  });
});
