import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as outageLasting } from 'node:timers/promises';
import { Queue } from 'bullmq';
import mongoose, { Types, type Connection } from 'mongoose';
import { freePort, startRedis, type RunningService } from '@app/launcher';
import { ALL_QUEUES, QUEUES } from '@app/queue';
import {
  createTenantThroughCli,
  createWhatsappChannel,
  dropTestDatabase,
  mailgunDelivery,
  pollUntil,
  printFigure,
  ProviderTraffic,
  startAppProcess,
  TcpProxy,
  testEnvironment,
  twilioDelivery,
  whatsappDelivery,
  type RunningApp,
  type TestEnvironment,
  type TrafficMessage,
  type WhatsappChannel,
} from '@app/testing';

/**
 * Proof suite R4 (outages): signed WhatsApp, SMS and Mailgun deliveries flow while (a) Redis is stopped and (b) the
 * database is unreachable, each for R4_OUTAGE_SECONDS (20 by default). What the api acknowledged (2xx) is stored
 * exactly once afterwards, what it could not take was answered 503 (problem+json with Retry-After) and is delivered
 * again as providers do, and no job fails for good. The api and the worker run as processes on a Redis of this file
 * (so stopping it disturbs no other test) and reach the database through a TCP proxy that can cut them off
 * (mongo-java-server keeps its data in memory: stopping it would lose them).
 */
const OUTAGE_MS = Number(process.env.R4_OUTAGE_SECONDS ?? 20) * 1000;
/** Deliveries acknowledged before the outage starts; as many again at least are sent once it is over. */
const BEFORE_OUTAGE = 60;
/** Every test sends at most this many messages, whatever the outage's length. */
const MAX_MESSAGES = 3_000;
const PER_SECOND = 25;
const CONCURRENCY = 8;
const DRAIN_WITHIN_MS = 240_000;
const TEST_TIMEOUT_MS = OUTAGE_MS + 360_000;

const PUBLIC_URL = 'https://outages.example.test';
const SMS = {
  accountSid: 'AC0123456789abcdef0123456789abcdee',
  authToken: 'outages-twilio-token',
  phoneNumber: '+15550100001',
};
const EMAIL = { address: 'help@outageco.example', signingKey: 'outages-mailgun-key' };

const redisData = mkdtempSync(join(tmpdir(), 'outages-redis-'));
let redis: RunningService;
let database: TcpProxy;
let env: TestEnvironment;
let appsEnv: TestEnvironment;
let api: RunningApp;
let worker: RunningApp;
let tenantId: Types.ObjectId;
let whatsapp: WhatsappChannel;
/** A channel that hears nothing until the database is out: the api has not cached it and must look it up. */
let quiet: WhatsappChannel;
let sms: typeof SMS & { id: string };
let email: typeof EMAIL & { id: string };
let connection: Connection;

beforeAll(async () => {
  redis = await startRedis({ dataDir: redisData, own: true });
  env = testEnvironment({ REDIS_URL: redis.url, PUBLIC_URL, SMTP_PORT: String(await freePort()) });
  const mongo = new URL(env.MONGODB_URI);
  database = await TcpProxy.start({ host: mongo.hostname, port: Number(mongo.port) });
  appsEnv = { ...env, MONGODB_URI: database.rewrite(env.MONGODB_URI) };
  [api, worker] = await Promise.all([startAppProcess('api', appsEnv), startAppProcess('worker', appsEnv)]);
  const tenant = await createTenantThroughCli(appsEnv, api.url, 'outageco');
  tenantId = new Types.ObjectId(tenant.tenantId);
  whatsapp = await createWhatsappChannel(tenant.admin, '106540352243201', 'outages-app-secret');
  quiet = await createWhatsappChannel(tenant.admin, '106540352243202', 'outages-quiet-secret');
  const smsChannel = await tenant.admin.post('/api/v1/channels', { kind: 'sms', name: 'SMS', config: SMS });
  sms = { ...SMS, id: smsChannel.body.id };
  const emailChannel = await tenant.admin.post('/api/v1/channels', {
    kind: 'email',
    name: 'Email',
    config: { addresses: [EMAIL.address], mailgunSigningKey: EMAIL.signingKey },
  });
  email = { ...EMAIL, id: emailChannel.body.id };
  connection = await mongoose.createConnection(env.MONGODB_URI, { dbName: env.MONGODB_DB }).asPromise();
});

afterAll(async () => {
  await connection?.close();
  await Promise.all([api?.stop(), worker?.stop()]);
  await database?.close();
  await redis?.stop();
  await dropTestDatabase(env);
  rmSync(redisData, { recursive: true, force: true });
});

/**
 * The messages of one suite, in turn over WhatsApp, SMS and Mailgun, each from a sender of a hundred, by the id the
 * stored message carries (an email's Message-ID with its angle brackets).
 */
function messagesOf(series: 'redis' | 'database'): Map<string, TrafficMessage> {
  const messages = new Map<string, TrafficMessage>();
  const digit = series === 'redis' ? 'a' : 'b';
  for (let i = 0; i < MAX_MESSAGES; i += 1) {
    const phone = `+1650${digit === 'a' ? 3 : 4}${String(i % 100).padStart(6, '0')}`;
    const wamid = `wamid.r4-${series}-${i}`;
    const sid = `SM${digit}${i.toString(16).padStart(31, '0')}`;
    const mailId = `r4-${series}-${i}@customer.example`;
    const message: TrafficMessage = [
      { externalId: wamid, build: () => whatsappDelivery(whatsapp, phone.slice(1), wamid) },
      { externalId: sid, build: () => twilioDelivery(sms, PUBLIC_URL, phone, sid) },
      {
        externalId: `<${mailId}>`,
        build: () => mailgunDelivery(email, `customer${i % 100}@r4-${series}.example`, mailId),
      },
    ][i % 3];
    messages.set(message.externalId, message);
  }
  return messages;
}

/** The messages of `externalIds` stored in the tenant, and how many of them were stored more than once. */
async function stored(externalIds: string[]): Promise<{ distinct: number; duplicates: number }> {
  const found = await connection
    .collection('messages')
    .aggregate<{ _id: string; copies: number }>([
      { $match: { tenantId, externalId: { $in: externalIds } } },
      { $group: { _id: '$externalId', copies: { $sum: 1 } } },
    ])
    .toArray();
  return { distinct: found.length, duplicates: found.filter(({ copies }) => copies > 1).length };
}

const messagesStored = (): Promise<number> => connection.collection('messages').countDocuments({ tenantId });

/** Queues whose jobs come from ingest; the others hold only their periodic schedulers' next runs. */
const INGEST_QUEUES = [QUEUES.inbound, QUEUES.suggestions];

/** Ingest's jobs still to run, and the jobs of every queue of the product failed for good (with why). */
async function jobCounts(): Promise<{ pending: number; failed: number; failedReasons: string[] }> {
  let pending = 0;
  const failedReasons: string[] = [];
  for (const name of ALL_QUEUES) {
    const queue = new Queue(name, { connection: { url: env.REDIS_URL } });
    try {
      if (INGEST_QUEUES.includes(name as (typeof INGEST_QUEUES)[number])) {
        const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
        pending += counts.waiting + counts.active + counts.delayed + counts.prioritized;
      }
      for (const job of await queue.getFailed(0, 20)) failedReasons.push(`${name} ${job.name}: ${job.failedReason}`);
    } finally {
      await queue.close();
    }
  }
  return { pending, failed: failedReasons.length, failedReasons };
}

/**
 * Sends traffic, starts `outage` once BEFORE_OUTAGE deliveries were acknowledged and ends it after OUTAGE_MS, sends
 * as much again, delivers the 503s again, waits until the worker stored everything, and prints the figures.
 */
async function ingestThrough(
  name: string,
  series: 'redis' | 'database',
  outage: { start(): Promise<void>; end(): Promise<void> },
  duringOutage: TrafficMessage[] = [],
) {
  const messages = messagesOf(series);
  for (const message of duringOutage) messages.set(message.externalId, message);
  const traffic = new ProviderTraffic(api.url, PER_SECOND, CONCURRENCY);
  let over = false;
  let sentAfter = 0;
  let storedDuringOutage = 0;
  let restored = 0;
  const started = Date.now();
  const faults = (async () => {
    await traffic.acknowledgedAtLeast(BEFORE_OUTAGE);
    const before = await messagesStored();
    await outage.start();
    await Promise.all([outageLasting(OUTAGE_MS), ...duringOutage.map((message) => traffic.post(message))]);
    storedDuringOutage = (await messagesStored()) - before;
    await outage.end();
    restored = Date.now();
    sentAfter = traffic.attempts;
    over = true;
  })();
  const sending = traffic.send(messages.values(), 0, () => over && traffic.attempts >= sentAfter + BEFORE_OUTAGE);
  const [sent] = await Promise.all([sending, faults]);
  await traffic.retryUnavailable(messages, 60_000);
  const sentIds = [...[...messages.keys()].slice(0, sent), ...duringOutage.map(({ externalId }) => externalId)];
  const drained = await pollUntil(
    `${name}: everything acknowledged (${traffic.acknowledged.size}) stored and ingest's queues drained`,
    async () => ({ ...(await stored([...traffic.acknowledged])), ...(await jobCounts()) }),
    ({ distinct, pending }) => distinct >= traffic.acknowledged.size && pending === 0,
    DRAIN_WITHIN_MS,
  );
  const all = await stored(sentIds);
  printFigure(
    `R4 ${name} (${OUTAGE_MS / 1000} s): ${sent} messages sent in ${traffic.attempts} requests, ` +
      `${traffic.acknowledged.size} acknowledged, ${traffic.unavailable.length} answered 503 (delivered again after), ` +
      `${traffic.errors.length} other answers; ${storedDuringOutage} stored during the outage; stored ${all.distinct}, duplicates ${all.duplicates}, ` +
      `acknowledged-then-lost ${traffic.acknowledged.size - drained.distinct}; jobs failed for good ${drained.failed}; ` +
      `drained ${Date.now() - restored} ms after the outage (${Date.now() - started} ms in all)`,
  );
  return { traffic, sent: sent + duringOutage.length, all, drained };
}

describe('R4 outages during ingest', () => {
  it(
    `answers 503 while Redis is stopped, and stores every acknowledged delivery once after it`,
    async () => {
      let port = 0;
      const { traffic, sent, all, drained } = await ingestThrough('Redis outage', 'redis', {
        start: async () => {
          port = redis.port!;
          await redis.stop();
        },
        end: async () => {
          redis = await startRedis({ dataDir: redisData, own: true, port });
        },
      });
      expect(traffic.errors).toEqual([]);
      expect(traffic.unavailable.length).toBeGreaterThan(0);
      for (const refusal of traffic.unavailable) {
        expect(refusal).toMatchObject({
          code: 'queue_unavailable',
          contentType: expect.stringContaining('application/problem+json'),
        });
        expect(Number(refusal.retryAfter)).toBeGreaterThan(0);
      }
      expect(drained.distinct).toBe(traffic.acknowledged.size);
      expect(all).toEqual({ distinct: sent, duplicates: 0 });
      expect(drained.failedReasons).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    `keeps acknowledging while the database is unreachable, and stores every acknowledged delivery once after it`,
    async () => {
      const uncached = ['wamid.r4-quiet-1', 'wamid.r4-quiet-2'].map((wamid) => ({
        externalId: wamid,
        build: () => whatsappDelivery(quiet, '16505559999', wamid),
      }));
      const { traffic, sent, all, drained } = await ingestThrough(
        'database outage',
        'database',
        { start: async () => database.cut(), end: async () => database.restore() },
        uncached,
      );
      const quietAnswers = uncached.map(({ externalId }) =>
        traffic.acknowledged.has(externalId) && !traffic.unavailable.some((u) => u.externalId === externalId)
          ? 'acknowledged'
          : (traffic.unavailable.find((u) => u.externalId === externalId)?.code ?? 'other'),
      );
      printFigure(
        `R4 database outage: ${database.heldConnections} connections black-holed while cut; ` +
          `deliveries to a channel not cached then: ${quietAnswers.join(', ')}`,
      );
      // What the api logged about an unexpected answer is the only clue a CI run leaves.
      if (traffic.errors.length > 0) printFigure(`R4 api output:\n${api.process.recentOutput()}`);
      expect(traffic.errors).toEqual([]);
      for (const refusal of traffic.unavailable) {
        expect(refusal).toMatchObject({ contentType: expect.stringContaining('application/problem+json') });
        expect(Number(refusal.retryAfter)).toBeGreaterThan(0);
      }
      expect(drained.distinct).toBe(traffic.acknowledged.size);
      expect(all).toEqual({ distinct: sent, duplicates: 0 });
      expect(drained.failedReasons).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );
});
