import 'reflect-metadata';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseWhatsappWebhook, verifyWhatsappSignature } from '@app/channels';
import { addInboundJobs, type InboundJob } from '@app/queue';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { post, runLoad, type LoadResult } from './load.js';
import { out } from './print.js';
import { measureDurability } from './redis-durability.js';
import { createBenchTenant, runBench, type BenchRun } from './services.js';
import { positiveSetting } from './settings.js';
import { latencySummary, median } from './statistics.js';
import { BENCH_WHATSAPP, signedWhatsappDelivery } from './whatsapp.js';

/**
 * `npm run bench:ingest`: the WhatsApp webhook of the api beside a bare node:http server doing the same HMAC check
 * and Redis enqueue, then the worker processing every queued message of a known customer, counting database and
 * Redis commands per message, then the api's acknowledgements on Redis fsyncing its append-only file `always` and
 * `everysec` (DURABILITY_ROUNDS). Only 127.0.0.1; bounded by REQUESTS.
 */
const REQUESTS = positiveSetting('BENCH_REQUESTS', 2000);
/** Alternating rounds (api, bare, api, bare…): on a shared 2-core machine one pair of runs is mostly noise. */
const ROUNDS = positiveSetting('BENCH_ROUNDS', 5);
const CONCURRENCY = positiveSetting('BENCH_CONCURRENCY', 32);
const DURABILITY_ROUNDS = positiveSetting('BENCH_DURABILITY_ROUNDS', 3);
const { appSecret: APP_SECRET, phoneNumberId: PHONE_NUMBER_ID } = BENCH_WHATSAPP;
const CUSTOMER_WA_ID = '16505551234';

const postDelivery = (url: string, messageId: string): Promise<number> => {
  const { body, headers } = signedWhatsappDelivery(CUSTOMER_WA_ID, messageId);
  return post(url, body, headers);
};

/** What a hand-written ingress would do: verify, parse, enqueue with the same job ids and options, answer. */
async function startBareServer(redisUrl: string, tenantId: string, channelId: string) {
  const queue = new Queue('inbound', {
    connection: { url: redisUrl, enableOfflineQueue: false, maxRetriesPerRequest: 1 },
  });
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const raw = Buffer.concat(chunks);
      if (!verifyWhatsappSignature(raw, String(request.headers['x-hub-signature-256']), APP_SECRET)) {
        response.writeHead(401).end();
        return;
      }
      const receivedAt = new Date().toISOString();
      const jobs = parseWhatsappWebhook(JSON.parse(raw.toString('utf8')), PHONE_NUMBER_ID).events.map(
        (event): InboundJob => ({ tenantId, channelId, event, receivedAt }),
      );
      addInboundJobs(queue, jobs).then(
        () => response.writeHead(200).end(),
        () => response.writeHead(503).end(),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhooks/whatsapp/${channelId}`,
    close: async () => {
      await new Promise((resolve) => server.close(resolve));
      await queue.close();
    },
  };
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
    `${name.padEnd(28)} ${result.perSecond.toFixed(0).padStart(6)} ack/s   p50 ${p50.toFixed(2)} ms   ` +
      `p99 ${p99.toFixed(2)} ms   non-2xx ${result.failures}`,
  );
}

async function main(run: BenchRun): Promise<void> {
  const { services, runId, onEnd } = run;
  const admin = new Redis(services.redis.url);
  onEnd(() => admin.quit());
  await admin.flushdb();
  const { createApi } = await import('../apps/api/src/bootstrap.js');
  const { AccountsService } = await import('@app/auth');
  const { ChannelRepository } = await import('@app/persistence');
  const api = await createApi();
  await api.listen(0, '127.0.0.1');
  const apiPort = (api.getHttpServer().address() as AddressInfo).port;
  const { tenantId, channelId } = await createBenchTenant(
    api.get(AccountsService),
    api.get(ChannelRepository),
    'Bench',
    runId,
  );
  const apiUrl = `http://127.0.0.1:${apiPort}/webhooks/whatsapp/${channelId}`;
  const bare = await startBareServer(services.redis.url, tenantId, channelId);

  out(
    `bench/ingest: ${ROUNDS} alternating rounds of ${REQUESTS} signed WhatsApp deliveries per server, ` +
      `${CONCURRENCY} in flight`,
  );
  const send = (url: string, prefix: string) => (index: number) => postDelivery(url, `wamid.${prefix}${index}`);
  await runLoad(Math.min(1000, REQUESTS), CONCURRENCY, send(apiUrl, 'warm-api-'));
  await runLoad(Math.min(1000, REQUESTS), CONCURRENCY, send(bare.url, 'warm-bare-'));
  const apiResults: LoadResult[] = [];
  const bareResults: LoadResult[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    apiResults.push(await runLoad(REQUESTS, CONCURRENCY, send(apiUrl, `api-${round}-`)));
    bareResults.push(await runLoad(REQUESTS, CONCURRENCY, send(bare.url, `bare-${round}-`)));
    const ratio = apiResults[round].perSecond / bareResults[round].perSecond;
    out(
      `  round ${round + 1}: api ${apiResults[round].perSecond.toFixed(0)} ack/s, ` +
        `bare ${bareResults[round].perSecond.toFixed(0)} ack/s, ratio ${ratio.toFixed(2)}`,
    );
  }
  report('api POST /webhooks/whatsapp', combined(apiResults));
  report('bare node:http', combined(bareResults));
  const ratios = apiResults.map((result, round) => result.perSecond / bareResults[round].perSecond);
  out(`ratio api/bare, median of ${ROUNDS} rounds: ${median(ratios).toFixed(2)} (target ≥ 0.5)`);
  await bare.close();
  await api.close();

  const queued = await new Queue('inbound', { connection: { url: services.redis.url } }).count();
  const processing = await measureProcessing(queued);
  out(
    `worker: ${processing.messages} messages of one known customer in ${processing.seconds.toFixed(1)} s ` +
      `(${(processing.messages / processing.seconds).toFixed(0)} msg/s)\n` +
      `  database commands per message: ${(processing.databaseCommands / processing.messages).toFixed(2)} (target ≤ 6)\n` +
      `  Redis commands per message:    ${(processing.redisCommands / processing.messages).toFixed(2)} (target ≤ 20)\n` +
      `  database commands by name: ${JSON.stringify(processing.databaseByName)}`,
  );

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
