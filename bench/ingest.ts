import 'reflect-metadata';
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { startAppProcess } from '@app/testing';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { post, runLoad, type LoadResult } from './load.js';
import { out } from './print.js';
import { measureRawInserts } from './raw-inserts.js';
import { measureDurability } from './redis-durability.js';
import { loadAverage, machineLoad } from './cpu.js';
import { startSeeder } from './seeder.js';
import { runBench, type BenchRun } from './services.js';
import { positiveSetting } from './settings.js';
import { latencySummary, median } from './statistics.js';
import { signedWhatsappDelivery } from './whatsapp.js';

/**
 * `npm run bench:ingest`: the WhatsApp webhook of the api beside two bare node:http servers doing the same HMAC check
 * and enqueueing with BullMQ or a Redis LPUSH (the ratios the issue sets targets on), then the worker processing every
 * queued message of a known customer, counting database and Redis commands per message, then the api at a paced
 * rate with the worker processing (p50/p99), then the api's acknowledgements on Redis fsyncing its append-only file
 * `always` and `everysec` (DURABILITY_ROUNDS). Only 127.0.0.1; bounded by REQUESTS and PACED_SECONDS.
 */
const REQUESTS = positiveSetting('BENCH_REQUESTS', 2000);
/** Alternating rounds (api, bare, api, bare…): on a shared 2-core machine one pair of runs is mostly noise. */
const ROUNDS = positiveSetting('BENCH_ROUNDS', 5);
const CONCURRENCY = positiveSetting('BENCH_CONCURRENCY', 32);
/** The paced phase: the api at PACED_RATE req/s for PACED_SECONDS with the worker running as a process. */
const PACED_RATE = positiveSetting('BENCH_PACED_RATE', 1000);
const PACED_SECONDS = positiveSetting('BENCH_PACED_SECONDS', 10);
const LPUSH_KEY = 'bench:ingest:lpush';
const DURABILITY_ROUNDS = positiveSetting('BENCH_DURABILITY_ROUNDS', 3);
const CUSTOMER_WA_ID = '16505551234';
/** The worker's inbound concurrency (InboundProcessor): raw inserts are compared at the same number in flight. */
const WORKER_INBOUND_CONCURRENCY = 64;

const postDelivery = (url: string, messageId: string): Promise<number> => {
  const { body, headers } = signedWhatsappDelivery(CUSTOMER_WA_ID, messageId);
  return post(url, body, headers);
};

/** bare-ingress.js as a process of its own, like the api: the two hand-written servers' URLs. */
async function startBareServers(environment: Record<string, string>, tenantId: string, channelId: string) {
  const child = fork(fileURLToPath(new URL('./bare-ingress.js', import.meta.url)), {
    env: { ...process.env, ...environment, BENCH_TENANT_ID: tenantId, BENCH_CHANNEL_ID: channelId },
    stdio: 'inherit',
  });
  const [urls] = (await once(child, 'message')) as [{ bullmq: string; lpush: string }];
  return { ...urls, stop: () => void child.kill() };
}

/** All rounds of one server: the median rate, latencies over every request. */
function combined(results: LoadResult[]): LoadResult {
  return {
    perSecond: median(results.map((result) => result.perSecond)),
    latenciesMs: results.flatMap((result) => result.latenciesMs),
    failures: results.reduce((sum, result) => sum + result.failures, 0),
  };
}

function report(name: string, result: LoadResult): void {
  const { p50, p99 } = latencySummary(result.latenciesMs);
  out(
    `${name.padEnd(36)} ${result.perSecond.toFixed(0).padStart(6)} ack/s   p50 ${p50.toFixed(2)} ms   ` +
      `p99 ${p99.toFixed(2)} ms   non-2xx ${result.failures}`,
  );
}

/** Sends `count` deliveries at `rate` per second, each on its own schedule (open loop: a slow answer delays none). */
async function runPaced(rate: number, count: number, send: (index: number) => Promise<number>): Promise<LoadResult> {
  const latenciesMs: number[] = [];
  let failures = 0;
  const sends: Promise<void>[] = [];
  const started = performance.now();
  for (let index = 0; index < count; index += 1) {
    const dueAt = started + (index * 1000) / rate;
    const wait = dueAt - performance.now();
    if (wait >= 1) await sleep(wait);
    sends.push(
      send(index)
        .catch(() => 0)
        .then((status) => {
          // From when it was due: a load generator that falls behind counts against the server, not for it.
          latenciesMs.push(performance.now() - dueAt);
          if (status < 200 || status >= 300) failures += 1;
        }),
    );
  }
  await Promise.all(sends);
  return { perSecond: count / ((performance.now() - started) / 1000), latenciesMs, failures };
}

async function main(run: BenchRun): Promise<void> {
  const { services, environment, onEnd } = run;
  const admin = new Redis(services.redis.url);
  onEnd(() => admin.quit());
  await admin.flushdb();
  const { tenant } = await startSeeder(run);
  const { tenantId, channelId } = tenant;
  const api = await startAppProcess('api', environment);
  onEnd(() => api.stop());
  const bare = await startBareServers(environment, tenantId, channelId);
  onEnd(async () => bare.stop());
  const servers = [
    {
      name: 'api POST /webhooks/whatsapp',
      url: `${api.url}/webhooks/whatsapp/${channelId}`,
      results: [] as LoadResult[],
    },
    { name: 'bare node:http + HMAC + BullMQ add', url: bare.bullmq, results: [] as LoadResult[] },
    { name: 'bare node:http + HMAC + LPUSH', url: bare.lpush, results: [] as LoadResult[] },
  ];
  const [apiServer, bullmqServer, lpushServer] = servers;

  out(
    `bench/ingest: ${machineLoad()}; ${ROUNDS} alternating rounds of ${REQUESTS} signed WhatsApp deliveries per ` +
      `server, ${CONCURRENCY} in flight, no worker running; each server a process of its own`,
  );
  const send = (url: string, prefix: string) => (index: number) => postDelivery(url, `wamid.${prefix}${index}`);
  for (const [index, server] of servers.entries()) {
    await runLoad(Math.min(1000, REQUESTS), CONCURRENCY, send(server.url, `warm-${index}-`));
  }
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const [index, server] of servers.entries()) {
      server.results.push(await runLoad(REQUESTS, CONCURRENCY, send(server.url, `s${index}-${round}-`)));
    }
    const rate = (server: (typeof servers)[number]) => server.results[round].perSecond;
    out(
      `  round ${round + 1}: api ${rate(apiServer).toFixed(0)}, BullMQ ${rate(bullmqServer).toFixed(0)}, ` +
        `LPUSH ${rate(lpushServer).toFixed(0)} ack/s; api/LPUSH ${(rate(apiServer) / rate(lpushServer)).toFixed(2)}, ` +
        `api/BullMQ ${(rate(apiServer) / rate(bullmqServer)).toFixed(2)}`,
    );
  }
  for (const server of servers) report(server.name, combined(server.results));
  const ratios = (other: (typeof servers)[number]) =>
    median(apiServer.results.map((result, round) => result.perSecond / other.results[round].perSecond));
  out(`ratio api/LPUSH, median of ${ROUNDS} rounds:  ${ratios(lpushServer).toFixed(2)} (target ≥ 0.5)`);
  out(`ratio api/BullMQ, median of ${ROUNDS} rounds: ${ratios(bullmqServer).toFixed(2)} (target ≥ 0.7)`);
  bare.stop();
  await admin.del(LPUSH_KEY);

  const queued = await new Queue('inbound', { connection: { url: services.redis.url } }).count();
  const processing = await measureProcessing(queued);
  out(
    `worker: ${processing.messages} messages of one known customer in ${processing.seconds.toFixed(1)} s ` +
      `(${(processing.messages / processing.seconds).toFixed(0)} msg/s)\n` +
      `  database commands per message: ${(processing.databaseCommands / processing.messages).toFixed(2)} (target ≤ 6)\n` +
      `  Redis commands per message:    ${(processing.redisCommands / processing.messages).toFixed(2)} (target ≤ 20)\n` +
      `  database commands by name: ${JSON.stringify(processing.databaseByName)}`,
  );
  const raw = await measureRawInserts(environment.MONGODB_URI, processing.messages, WORKER_INBOUND_CONCURRENCY);
  out(
    `raw driver insertOne, ${WORKER_INBOUND_CONCURRENCY} in flight, same database: ${raw.perSecond.toFixed(0)}/s; ` +
      `worker / raw inserts ${(processing.messages / processing.seconds / raw.perSecond).toFixed(2)}`,
  );

  const worker = await startAppProcess('worker', environment);
  onEnd(() => worker.stop());
  const paced = await runPaced(PACED_RATE, PACED_RATE * PACED_SECONDS, send(apiServer.url, 'paced-'));
  const { p50, p99 } = latencySummary(paced.latenciesMs);
  const backlog = await new Queue('inbound', { connection: { url: services.redis.url } }).count();
  out(
    `api at ${PACED_RATE} req/s for ${PACED_SECONDS} s with the worker processing (load ${loadAverage()}): ` +
      `sent at ${paced.perSecond.toFixed(0)} req/s, p50 ${p50.toFixed(2)} ms, p99 ${p99.toFixed(2)} ms ` +
      `(target ≤ 50), non-2xx ${paced.failures}, inbound backlog after ${backlog}`,
  );
  await worker.stop();

  await measureDurability(run, {
    requests: REQUESTS,
    rounds: DURABILITY_ROUNDS,
    concurrency: CONCURRENCY,
    channelId,
    send,
  });
}

/**
 * Drains the queue with the real worker module in this process. The first job creates the customer; the counts
 * are taken over the rest, the known-customer path.
 */
async function measureProcessing(queued: number) {
  const redisCommands = { count: 0 };
  const originalSend = Redis.prototype.sendCommand;
  Redis.prototype.sendCommand = function countingSend(this: Redis, ...args: Parameters<Redis['sendCommand']>) {
    redisCommands.count += 1;
    return originalSend.apply(this, args);
  };
  const { NestFactory } = await import('@nestjs/core');
  const { getConnectionToken } = await import('@nestjs/mongoose');
  const { WorkerModule } = await import('../apps/worker/src/worker.module.js');
  const { InboundProcessor } = await import('../apps/worker/src/inbound/inbound.processor.js');
  const worker = await NestFactory.createApplicationContext(WorkerModule, { logger: ['error'] });
  await worker.init();
  const databaseByName: Record<string, number> = {};
  let databaseCommands = 0;
  let counting = false;
  worker
    .get(getConnectionToken())
    .getClient()
    .on('commandStarted', (event: { commandName: string }) => {
      if (!counting) return;
      databaseCommands += 1;
      databaseByName[event.commandName] = (databaseByName[event.commandName] ?? 0) + 1;
    });
  const bull = worker.get(InboundProcessor).worker;
  let completed = 0;
  let started = 0;
  const done = new Promise<void>((resolve, reject) => {
    bull.on('failed', (job, error) => reject(new Error(`job ${job?.id} failed: ${error.message}`)));
    bull.on('completed', () => {
      completed += 1;
      if (completed === 1) {
        counting = true;
        redisCommands.count = 0;
        started = performance.now();
      }
      if (completed === queued) resolve();
    });
  });
  await done;
  const seconds = (performance.now() - started) / 1000;
  counting = false;
  const measuredRedis = redisCommands.count;
  Redis.prototype.sendCommand = originalSend;
  await worker.close();
  return { messages: queued - 1, seconds, databaseCommands, redisCommands: measuredRedis, databaseByName };
}

runBench('ingest', main);
