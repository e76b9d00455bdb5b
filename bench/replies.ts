import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { Types } from 'mongoose';
import { createBenchAgent, signIn } from './agent.js';
import { loadAverage, machineLoad } from './cpu.js';
import { post, runLoad } from './load.js';
import { fixed, out } from './print.js';
import { BENCH_PASSWORD, runBench, type BenchRun } from './services.js';
import { positiveSetting } from './settings.js';
import { latencySummary } from './statistics.js';

/**
 * `npm run bench:replies`: agents' replies through POST /api/v1/conversations/:id/messages with the api and the
 * worker in this process (only 127.0.0.1), sent to a WhatsApp Cloud API stand-in in this process too.
 * 1. Burst, worker stopped: BENCH_REPLIES replies (default 2,000), BENCH_REPLY_CONCURRENCY in flight (default 16):
 *    the replies/s the api stores and enqueues, and its 202 latency.
 * 2. Drain: the worker started on that backlog: replies/s handed to the stand-in.
 * 3. Paced: BENCH_REPLY_RATE replies/s (default 100) for BENCH_PACED_SECONDS (default 20) with the worker running:
 *    the delivery latency from the agent's POST to the stand-in reading the send.
 */
const BURST = positiveSetting('BENCH_REPLIES', 2000);
const CONCURRENCY = positiveSetting('BENCH_REPLY_CONCURRENCY', 16);
const RATE = positiveSetting('BENCH_REPLY_RATE', 100);
const PACED_SECONDS = positiveSetting('BENCH_PACED_SECONDS', 20);
const TIMEOUT_MS = positiveSetting('BENCH_TIMEOUT_SECONDS', 300) * 1000;
const CONVERSATIONS = 200;
const PHONE_NUMBER_ID = '106540352242922';

async function measureReplies(run: BenchRun): Promise<void> {
  out(`bench/replies: ${machineLoad()}`);
  const { startWhatsappStandIn } = await import('@app/testing');
  const whatsapp = await startWhatsappStandIn();
  run.onEnd(() => whatsapp.close());
  // Configuration is read when the apps' modules load: the stand-in is where replies go.
  process.env.WHATSAPP_API_URL = whatsapp.url;
  const [{ NestFactory }, { getConnectionToken }, { createApi }, { WorkerModule }, { AccountsService }, persistence] =
    await Promise.all([
      import('@nestjs/core'),
      import('@nestjs/mongoose'),
      import('../apps/api/src/bootstrap.js'),
      import('../apps/worker/src/worker.module.js'),
      import('@app/auth'),
      import('@app/persistence'),
    ]);
  const api = await createApi();
  run.onEnd(() => api.close());
  await api.listen(0, '127.0.0.1');
  const base = `http://127.0.0.1:${(api.getHttpServer().address() as AddressInfo).port}`;

  const accounts = api.get(AccountsService);
  const { tenantId } = await accounts.createTenant({
    name: `Bench replies ${run.runId}`,
    admin: { email: `admin-${run.runId}@bench.example`, password: BENCH_PASSWORD, name: 'Bench admin' },
  });
  const agent = await signIn(base, await createBenchAgent(accounts, tenantId, run.runId));
  const channel = await api.get(persistence.ChannelRepository).create({
    tenantId,
    kind: 'whatsapp',
    name: 'Bench WhatsApp',
    settings: { phoneNumberId: PHONE_NUMBER_ID },
    secrets: { appSecret: 'bench-app-secret', verifyToken: 'bench-verify', accessToken: 'bench-access-token' },
  });
  const conversations = await seedConversations(api.get(getConnectionToken()), tenantId, channel._id);
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${agent}` };
  const sentAt = new Map<string, number>();
  const reply = (index: number): Promise<number> => {
    const text = `reply ${index}`;
    sentAt.set(text, performance.now());
    const conversation = conversations[index % conversations.length];
    return post(`${base}/api/v1/conversations/${conversation}/messages`, JSON.stringify({ text }), headers);
  };

  const burst = await runLoad(BURST, CONCURRENCY, reply);
  const accepted = latencySummary(burst.latenciesMs);
  out(
    `  1. api alone, ${BURST} replies with ${CONCURRENCY} in flight: ${fixed(burst.perSecond)} replies/s stored and ` +
      `queued (202 latency ms p50 ${fixed(accepted.p50)} p95 ${fixed(accepted.p95)} p99 ${fixed(accepted.p99)}; ` +
      `${burst.failures} not 202)`,
  );

  const drainStarted = performance.now();
  const worker = await NestFactory.createApplicationContext(WorkerModule, { logger: ['error'] });
  run.onEnd(() => worker.close());
  await worker.init();
  await whatsapp.waitForRequests(BURST, () => true, TIMEOUT_MS);
  const drainSeconds = (performance.now() - drainStarted) / 1000;
  out(
    `  2. worker started on that backlog: ${BURST} sent to the stand-in in ${fixed(drainSeconds)} s, ` +
      `${fixed(BURST / drainSeconds)} replies/s (worker start included)`,
  );

  const paced = RATE * PACED_SECONDS;
  const pacedStarted = performance.now();
  const answers: Promise<number>[] = [];
  for (let n = 0; n < paced; n += 1) {
    const due = pacedStarted + (n * 1000) / RATE;
    const wait = due - performance.now();
    // A bench may look at the clock: the load is paced at RATE replies a second.
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    answers.push(reply(BURST + n));
  }
  const statuses = await Promise.all(answers);
  const achieved = paced / ((performance.now() - pacedStarted) / 1000);
  await whatsapp.waitForRequests(BURST + paced, () => true, TIMEOUT_MS);
  const latencies = whatsapp.requests.flatMap((request) => {
    const text = (request.json?.text as { body?: string } | undefined)?.body ?? '';
    const index = Number(text.slice('reply '.length));
    const sent = sentAt.get(text);
    return index >= BURST && sent !== undefined ? [request.receivedAt - sent] : [];
  });
  const delivery = latencySummary(latencies);
  out(
    `  3. paced at ${RATE} replies/s for ${PACED_SECONDS} s (achieved ${fixed(achieved)}/s, ` +
      `${statuses.filter((status) => status !== 202).length} not 202): delivery latency from the POST to the ` +
      `stand-in ms p50 ${fixed(delivery.p50)} p95 ${fixed(delivery.p95)} p99 ${fixed(delivery.p99)} ` +
      `max ${fixed(Math.max(...latencies))} over ${latencies.length} replies`,
  );
  // The last sends are still being recorded; the worker is stopped only once every reply says it was sent.
  const messages = api.get(getConnectionToken()).collection('messages');
  const markedSent = () =>
    messages.countDocuments({ tenantId: new Types.ObjectId(tenantId), direction: 'outbound', status: 'sent' });
  const deadline = performance.now() + TIMEOUT_MS;
  let sentCount = await markedSent();
  while (sentCount < BURST + paced && performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    sentCount = await markedSent();
  }
  out(`  replies marked sent: ${sentCount} of ${BURST + paced}; sends the stand-in read: ${whatsapp.requests.length}`);
  out(`  load average at the end: ${loadAverage()}`);
}

/** Open WhatsApp conversations (window open, a wa_id to reply to), inserted raw: this bench is about replies. */
async function seedConversations(
  connection: import('mongoose').Connection,
  tenantId: string,
  channelId: Types.ObjectId,
): Promise<string[]> {
  const now = new Date();
  const documents = Array.from({ length: CONVERSATIONS }, (_, n) => ({
    _id: new Types.ObjectId(),
    tenantId: new Types.ObjectId(tenantId),
    customerId: new Types.ObjectId(),
    identityId: new Types.ObjectId(),
    channelId,
    channelKind: 'whatsapp',
    key: `whatsapp:${channelId.toHexString()}:bench-${n}`,
    lastMessageAt: now,
    messageCount: 1,
    serviceWindowExpiresAt: new Date(now.getTime() + 24 * 3600_000),
    replyAddress: `1202555${String(n).padStart(4, '0')}`,
    createdAt: now,
    updatedAt: now,
  }));
  await connection.collection('conversations').insertMany(documents);
  return documents.map((document) => document._id.toHexString());
}

runBench('replies', measureReplies);
