import 'reflect-metadata';
import { setTimeout as sleep } from 'node:timers/promises';
import { Queue, type JobType } from 'bullmq';
import { Redis } from 'ioredis';
import { ALL_QUEUES, QUEUES } from '@app/queue';
import { loadAverage, machineLoad } from './cpu.js';
import { post, runLoad } from './load.js';
import { fixed, out } from './print.js';
import { residentMb, slopePerMinute } from './process-memory.js';
import { startSeeder } from './seeder.js';
import { runBench, withinMinutes, type BenchRun } from './services.js';
import { positiveSetting } from './settings.js';
import { signedWhatsappDelivery } from './whatsapp.js';
// The app runner the tests use (compiled into dist through this import; libs/testing is not).
import { startAppProcess } from '../libs/testing/src/app-process.js';

/**
 * `npm run bench:memory` (issue 17, P7): Redis memory after 10,000 and after JOBS inbound jobs processed with the
 * product's own queues and retention (signed WhatsApp deliveries of one known customer through the api, filed by the
 * worker; the messages themselves are stored in the database, not in Redis), then the api's and the worker's resident
 * memory sampled over a soak at a paced rate. Only 127.0.0.1; bounded by JOBS, SOAK_SECONDS and MAX_MINUTES.
 */
/** The first reading, which the last is compared with (smaller only for a smoke run). */
const FIRST_CHECKPOINT = positiveSetting('BENCH_MEMORY_FIRST_JOBS', 10_000);
const JOBS = positiveSetting('BENCH_MEMORY_JOBS', 100_000);
const CONCURRENCY = positiveSetting('BENCH_MEMORY_CONCURRENCY', 32);
const SOAK_SECONDS = positiveSetting('BENCH_SOAK_SECONDS', 600);
const SOAK_RATE = positiveSetting('BENCH_SOAK_RATE', 200);
const SAMPLE_SECONDS = 10;
const MAX_MINUTES = positiveSetting('BENCH_MEMORY_MAX_MINUTES', 90);
const REDIS_RATIO_TARGET = 1.1;
const CUSTOMER_WA_ID = '4915198765432';
/** Besides the inbound queue's retries, other queues hold a scheduler's next (delayed) run at all times. */
const BUSY_STATES: JobType[] = ['waiting', 'active', 'prioritized'];

interface RedisMemory {
  usedMb: number;
  keys: number;
  inboundCompleted: number;
  inboundFailed: number;
}

async function measureMemory(run: BenchRun): Promise<void> {
  if (JOBS < FIRST_CHECKPOINT) throw new Error('BENCH_MEMORY_JOBS must be at least BENCH_MEMORY_FIRST_JOBS');
  out(`bench/memory: ${machineLoad()}`);
  const { tenant } = await startSeeder(run);
  const api = await startAppProcess('api', run.environment);
  run.onEnd(() => api.stop());
  const worker = await startAppProcess('worker', run.environment);
  run.onEnd(() => worker.stop());
  const redis = new Redis(run.environment.REDIS_URL);
  run.onEnd(() => redis.quit());
  const queues = ALL_QUEUES.map((name) => new Queue(name, { connection: { url: run.environment.REDIS_URL } }));
  run.onEnd(() => Promise.all(queues.map((queue) => queue.close())));
  const inbound = queues[ALL_QUEUES.indexOf(QUEUES.inbound)];

  const webhook = `${api.url}/webhooks/whatsapp/${tenant.channelId}`;
  let sent = 0;
  const send = async (count: number): Promise<number> => {
    const from = sent;
    sent += count;
    const started = performance.now();
    const load = await runLoad(count, CONCURRENCY, (index) => {
      const { body, headers } = signedWhatsappDelivery(CUSTOMER_WA_ID, `wamid.memory-${run.runId}-${from + index}`);
      return post(webhook, body, headers);
    });
    if (load.failures > 0) throw new Error(`${load.failures} deliveries were not acknowledged`);
    await drained(queues, inbound);
    return (performance.now() - started) / 1000;
  };
  const redisMemory = async (): Promise<RedisMemory> => {
    const info = await redis.info('memory');
    const counts = await inbound.getJobCounts('completed', 'failed');
    return {
      usedMb: Number(/^used_memory:(\d+)/m.exec(info)?.[1]) / 2 ** 20,
      keys: await redis.dbsize(),
      inboundCompleted: counts.completed,
      inboundFailed: counts.failed,
    };
  };
  const printRedis = (label: string, memory: RedisMemory): void =>
    out(
      `  ${label.padEnd(22)} used_memory ${fixed(memory.usedMb, 2)} MB   keys ${memory.keys}   inbound jobs kept: ` +
        `${memory.inboundCompleted} completed, ${memory.inboundFailed} failed   (load ${loadAverage()})`,
    );

  // The first delivery creates the customer; every later one is a known customer's message.
  await send(1);
  out(`Redis after N inbound jobs processed (${CONCURRENCY} deliveries in flight, drained before each reading):`);
  printRedis('before (1 job)', await redisMemory());
  const checkpoints = [...new Set([FIRST_CHECKPOINT, Math.round((FIRST_CHECKPOINT + JOBS) / 2), JOBS])];
  const readings: RedisMemory[] = [];
  for (const checkpoint of checkpoints) {
    const seconds = await send(checkpoint - sent);
    const memory = await redisMemory();
    readings.push(memory);
    printRedis(`after ${checkpoint} (${fixed(seconds)} s)`, memory);
  }
  const ratio = readings[readings.length - 1].usedMb / readings[0].usedMb;
  out(
    `  used_memory after ${JOBS} / after ${FIRST_CHECKPOINT}: ${fixed(ratio, 2)} (target ≤ ${REDIS_RATIO_TARGET}: ` +
      `${ratio <= REDIS_RATIO_TARGET ? 'met' : 'NOT met'})`,
  );

  await soak(api.pid, worker.pid, webhook, run.runId, redisMemory);
  out(`load average at the end: ${loadAverage()}`);
}

/** Waits until no queue has work waiting or running (and the inbound queue no retry pending). */
async function drained(queues: Queue[], inbound: Queue): Promise<void> {
  for (;;) {
    const counts = await Promise.all(
      queues.map((queue) =>
        queue.getJobCounts(...BUSY_STATES, ...(queue === inbound ? (['delayed'] as JobType[]) : [])),
      ),
    );
    if (counts.every((count) => Object.values(count).every((value) => value === 0))) return;
    await sleep(500);
  }
}

/** SOAK_RATE deliveries a second for SOAK_SECONDS, open loop, the apps' RSS (and Redis memory) every SAMPLE_SECONDS. */
async function soak(
  apiPid: number,
  workerPid: number,
  webhook: string,
  runId: string,
  redisMemory: () => Promise<RedisMemory>,
): Promise<void> {
  out(`soak: ${SOAK_RATE} deliveries/s for ${SOAK_SECONDS} s, resident memory every ${SAMPLE_SECONDS} s`);
  const samples: { minute: number; api: number; worker: number; redis: number }[] = [];
  const started = performance.now();
  const sample = async (): Promise<void> => {
    const { usedMb } = await redisMemory();
    samples.push({
      minute: (performance.now() - started) / 60_000,
      api: residentMb(apiPid),
      worker: residentMb(workerPid),
      redis: usedMb,
    });
  };
  await sample();
  const total = Math.round(SOAK_RATE * SOAK_SECONDS);
  let failures = 0;
  let inFlight = 0;
  let nextSample = started + SAMPLE_SECONDS * 1000;
  const sends: Promise<void>[] = [];
  for (let index = 0; index < total; index += 1) {
    const dueAt = started + (index * 1000) / SOAK_RATE;
    const wait = dueAt - performance.now();
    if (wait >= 1) await sleep(wait);
    if (performance.now() >= nextSample) {
      nextSample += SAMPLE_SECONDS * 1000;
      sends.push(sample());
    }
    const { body, headers } = signedWhatsappDelivery(CUSTOMER_WA_ID, `wamid.soak-${runId}-${index}`);
    inFlight += 1;
    sends.push(
      post(webhook, body, headers)
        .catch(() => 0)
        .then((status) => {
          inFlight -= 1;
          if (status !== 200) failures += 1;
        }),
    );
    // Settled sends are dropped now and then: a long soak would otherwise hold every promise it made.
    if (sends.length >= 10_000) await Promise.all(sends.splice(0));
  }
  await Promise.all(sends);
  await sample();
  const minutes = samples.map((entry) => entry.minute);
  const describe = (name: string, values: number[]): string =>
    `  ${name.padEnd(8)} first ${fixed(values[0])} MB   last ${fixed(values[values.length - 1])} MB   ` +
    `min ${fixed(Math.min(...values))} MB   max ${fixed(Math.max(...values))} MB   slope ${fixed(slopePerMinute(minutes, values), 2)} MB/min`;
  out(`  sent ${total} in ${fixed((performance.now() - started) / 1000)} s, not acknowledged ${failures + inFlight}`);
  out(
    describe(
      'api',
      samples.map((entry) => entry.api),
    ),
  );
  out(
    describe(
      'worker',
      samples.map((entry) => entry.worker),
    ),
  );
  out(
    describe(
      'redis',
      samples.map((entry) => entry.redis),
    ),
  );
  out(
    `  samples (min: api/worker MB): ${samples
      .map((entry) => `${fixed(entry.minute, 1)}: ${fixed(entry.api, 0)}/${fixed(entry.worker, 0)}`)
      .join('  ')}`,
  );
}

runBench('memory', (run) => withinMinutes(MAX_MINUTES, measureMemory(run)));
