import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRedis, type RunningService } from '@app/launcher';
import {
  createTenantThroughCli,
  createWhatsappChannel,
  dropTestDatabase,
  postWhatsapp,
  RecordingConsole,
  startAppProcess,
  testEnvironment,
  type RunningApp,
  type WhatsappChannel,
} from '@app/testing';

/**
 * Redis stops while providers keep delivering: what was acknowledged before is processed once it is back, and
 * what arrived meanwhile was answered 503 (so the provider retries) instead of being acknowledged and lost.
 * This file runs a Redis of its own, with an append-only file, so stopping it disturbs no other test.
 */
const PHONE_NUMBER_ID = '106540352242922';
const APP_SECRET = 'outage-app-secret';
const dataDir = mkdtempSync(join(tmpdir(), 'redis-outage-'));
let redis: RunningService;
let env: ReturnType<typeof testEnvironment>;
let api: RunningApp;
let worker: RunningApp | undefined;
let live: RecordingConsole | undefined;
let channel: WhatsappChannel;

beforeAll(async () => {
  redis = await startRedis({ dataDir, own: true });
  env = testEnvironment({ REDIS_URL: redis.url });
  api = await startAppProcess('api', env);
  const { admin } = await createTenantThroughCli(env, api.url, 'outage');
  channel = await createWhatsappChannel(admin, PHONE_NUMBER_ID, APP_SECRET);
  live = await RecordingConsole.connect(api.url, admin.token);
});

afterAll(async () => {
  live?.close();
  await Promise.all([api?.stop(), worker?.stop()]);
  await redis?.stop();
  await dropTestDatabase(env);
  rmSync(dataDir, { recursive: true, force: true });
});

const deliver = (messageId: string) => postWhatsapp(api.url, channel, '16505550101', messageId);

/**
 * Polls the api's health until it reports Redis up. Each poll awaits its answer, and while Redis is away the api's
 * ping waits for its reconnect (up to 2 s), so this does not spin.
 */
async function waitForApiRedis(deadline: number): Promise<void> {
  for (;;) {
    const health = await fetch(`${api.url}/health`);
    const report = (await health.json()) as { info?: { redis?: { status?: string } } };
    if (report.info?.redis?.status === 'up') return;
    if (Date.now() > deadline) throw new Error(`the api did not reach Redis again: ${JSON.stringify(report)}`);
  }
}

/**
 * What Meta does with a 5xx: deliver the same body again later — here once the api reaches Redis again. The ingress
 * queues on a connection of its own, which may be back a moment after the one /health pings: a 503 then is retried.
 */
async function deliverAsProviderRetries(messageId: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    await waitForApiRedis(deadline);
    const response = await deliver(messageId);
    if (response.status === 200) return;
    expect(response.status).toBe(503);
    if (Date.now() > deadline) throw new Error('the api never accepted the delivery again');
  }
}

it('answers 503 while Redis is down, and loses nothing it acknowledged', async () => {
  for (const id of ['wamid.outage-1', 'wamid.outage-2', 'wamid.outage-3']) expect((await deliver(id)).status).toBe(200);

  await redis.stop();
  const refused = await deliver('wamid.outage-4');
  expect(refused.status).toBe(503);
  expect(refused.body.code).toBe('queue_unavailable');
  expect(refused.headers['retry-after']).toBeDefined();

  redis = await startRedis({ dataDir, own: true, port: redis.port });
  await deliverAsProviderRetries('wamid.outage-4');

  worker = await startAppProcess('worker', env);
  await live!.next('message.received', () => live!.named('message.received').length >= 4);
  const messageIds = new Set(live!.named('message.received').map((event) => event.messageId));
  expect(messageIds.size).toBe(4);
});
