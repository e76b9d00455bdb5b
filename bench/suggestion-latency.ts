import 'reflect-metadata';
import { loadavg } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import type { SuggestionSummary } from '@app/realtime';
import { Queue } from 'bullmq';
import { connectConsole, signIn } from './agent.js';
import { loadAverage, machineLoad, startCpuMeter } from './cpu.js';
import { post } from './load.js';
import { matchingDelivery, phoneOf, RATE, seedEmailCustomers } from './matching-deliveries.js';
import { fixed, out } from './print.js';
import { startSeeder } from './seeder.js';
import { runBench, type BenchRun } from './services.js';
import { positiveSetting } from './settings.js';
import { latencySummary } from './statistics.js';
// The app runner the tests use (compiled into dist through this import; libs/testing is not).
import { startAppProcess } from '../libs/testing/src/app-process.js';

/**
 * Part 1 of `npm run bench:suggest`: webhook → `suggestion.created` latency at a fixed send rate (RATE), with the
 * deliveries of matching-deliveries.ts. The api and the worker run as their own processes (as in production); a
 * socket.io client signed in as an agent receives the events. Only 127.0.0.1; bounded in count and time.
 */
const SECONDS = positiveSetting('BENCH_SECONDS', 20);
const DRAIN_SECONDS = positiveSetting('BENCH_DRAIN_SECONDS', 60);
const LATENCY_TARGET_MS = 250;
/**
 * Deliveries at the same rate before the measured run (printed apart): the JIT compilers of the database (JVM), api
 * and worker (V8) take CPU from everything else on two cores for several seconds after a start; 5 s was not always
 * enough to reach a steady state.
 */
const WARMUP = Math.round(RATE * positiveSetting('BENCH_WARMUP_SECONDS', 10));
const TOTAL = Math.round(RATE * SECONDS);

interface Probe {
  phone: string;
  dueAt: number;
  sentAt?: number;
  ackAt?: number;
  status?: number;
  customerId?: string;
  ingestedAt?: number;
  suggestedAt?: number;
}

async function measureSuggestionLatency(run: BenchRun): Promise<void> {
  out(`bench/suggestion-latency: ${machineLoad()}`);
  const { connection, tenant } = await startSeeder(run);
  const seedStarted = performance.now();
  await seedEmailCustomers(connection, tenant.tenantId, 0, WARMUP + TOTAL);
  out(
    `seeded ${WARMUP + TOTAL} email-only customers with a contact phone in ` +
      `${fixed((performance.now() - seedStarted) / 1000)} s`,
  );
  const [api, worker] = await Promise.all([
    startAppProcess('api', run.environment),
    startAppProcess('worker', run.environment),
  ]);
  run.onEnd(() => api.stop());
  run.onEnd(() => worker.stop());
  const webhook = `${api.url}/webhooks/whatsapp/${tenant.channelId}`;
  const accessToken = await signIn(api.url, tenant.agentEmail);
  const socket = await connectConsole(api.url, accessToken);
  run.onEnd(async () => socket.disconnect());

  const byPhone = new Map<string, Probe>();
  const ingestedAt = new Map<string, number>();
  let unmatched = 0;
  let duplicates = 0;
  let onSuggestion: (() => void) | undefined;
  socket.on('message.received', (event: { customerId: string }) => {
    if (!ingestedAt.has(event.customerId)) ingestedAt.set(event.customerId, performance.now());
  });
  socket.on('suggestion.created', (event: { suggestion: SuggestionSummary }) => {
    const at = performance.now();
    const phones = new Set(event.suggestion.evidence.flatMap((evidence) => evidence.values));
    const probe = [...phones].map((phone) => byPhone.get(phone)).find((found) => found !== undefined);
    if (!probe) unmatched += 1;
    else if (probe.suggestedAt !== undefined) duplicates += 1;
    else {
      probe.suggestedAt = at;
      probe.customerId = event.suggestion.openedFrom;
      onSuggestion?.();
    }
  });

  const send = async (probe: Probe, index: number): Promise<void> => {
    const { body, headers } = matchingDelivery(index, 'bench-suggest-');
    probe.sentAt = performance.now();
    try {
      probe.status = await post(webhook, body, headers);
    } catch {
      probe.status = 0;
    }
    probe.ackAt = performance.now();
  };

  /** Sends `count` deliveries at RATE, each on its own schedule (open loop: a slow answer delays no other). */
  const runAtRate = async (from: number, count: number): Promise<Probe[]> => {
    const probes: Probe[] = [];
    const sends: Promise<void>[] = [];
    const started = performance.now();
    for (let index = 0; index < count; index += 1) {
      const dueAt = started + (index * 1000) / RATE;
      const wait = dueAt - performance.now();
      if (wait >= 1) await sleep(wait);
      const probe: Probe = { phone: phoneOf(from + index), dueAt };
      byPhone.set(probe.phone, probe);
      probes.push(probe);
      sends.push(send(probe, from + index));
    }
    await Promise.all(sends);
    return probes;
  };

  const arrivals = async (probes: Probe[], timeoutMs: number): Promise<void> => {
    const deadline = performance.now() + timeoutMs;
    while (probes.some((probe) => probe.suggestedAt === undefined) && performance.now() < deadline) {
      await new Promise<void>((resolve) => {
        onSuggestion = resolve;
        setTimeout(resolve, 250);
      });
    }
    onSuggestion = undefined;
  };

  const warmup = await runAtRate(0, WARMUP);
  await arrivals(warmup, 30_000);
  const warmed = warmup.filter((probe) => probe.suggestedAt !== undefined);
  const cold = latencySummary(warmed.map((probe) => probe.suggestedAt! - probe.sentAt!));
  out(
    `warm-up (not measured): ${WARMUP} deliveries at ${RATE} msg/s, ${warmed.length} suggestions arrived; ` +
      `webhook → suggestion.created p50 ${fixed(cold.p50)} ms  p95 ${fixed(cold.p95)} ms`,
  );

  out(`part 1: ${TOTAL} signed WhatsApp deliveries at ${RATE} msg/s (${SECONDS} s), each from a new number that`);
  out('        an email-only customer lists as contact phone → one suggestion.created each');
  const cpuUsed = startCpuMeter({
    api: api.pid,
    worker: worker.pid,
    mongo: run.services.mongo.process?.pid,
    redis: run.services.redis.process?.pid,
  });
  const loadBefore = loadavg()[0];
  const runStarted = performance.now();
  const probes = await runAtRate(WARMUP, TOTAL);
  await arrivals(probes, DRAIN_SECONDS * 1000);
  const wallSeconds = (performance.now() - runStarted) / 1000;
  const cpu = cpuUsed();
  for (const probe of probes) if (probe.customerId) probe.ingestedAt = ingestedAt.get(probe.customerId);
  report(probes, { unmatched, duplicates });
  out(
    `  CPU seconds during the ${fixed(wallSeconds)} s run: api ${fixed(cpu.api)}  worker ${fixed(cpu.worker)}  ` +
      `database ${fixed(cpu.mongo)}  redis ${fixed(cpu.redis)}  bench client ${fixed(cpu.bench)}` +
      `   (load average before ${fixed(loadBefore, 2)}, after ${fixed(loadavg()[0], 2)})`,
  );

  socket.disconnect();
  await Promise.all([api.stop(), worker.stop()]);
  await discardBacklog(run.environment.REDIS_URL, !run.services.redis.external);
  out(`load average at the end: ${loadAverage()}`);
}

function report(probes: Probe[], events: { unmatched: number; duplicates: number }): void {
  const sendSeconds = (Math.max(...probes.map((probe) => probe.sentAt ?? 0)) - probes[0].sentAt!) / 1000;
  const arrived = probes.filter((probe) => probe.suggestedAt !== undefined);
  const acked = probes.filter((probe) => probe.status !== undefined && probe.status >= 200 && probe.status < 300);
  const lags = probes.map((probe) => (probe.sentAt ?? probe.dueAt) - probe.dueAt);
  const suggestion = latencySummary(arrived.map((probe) => probe.suggestedAt! - probe.sentAt!));
  const ack = latencySummary(acked.map((probe) => probe.ackAt! - probe.sentAt!));
  const ingestProbes = arrived.filter((probe) => probe.ingestedAt !== undefined);
  const ingest = latencySummary(ingestProbes.map((probe) => probe.ingestedAt! - probe.sentAt!));
  const checkStage = latencySummary(ingestProbes.map((probe) => probe.suggestedAt! - probe.ingestedAt!));
  const arrivalSpan = (Math.max(...arrived.map((probe) => probe.suggestedAt!)) - probes[0].sentAt!) / 1000;

  out(
    `  sent ${probes.length} in ${fixed(sendSeconds, 2)} s: achieved ${fixed((probes.length - 1) / sendSeconds)} msg/s ` +
      `(schedule lag p99 ${fixed(latencySummary(lags).p99)} ms, max ${fixed(Math.max(...lags))} ms)`,
  );
  out(
    `  webhook answered 2xx: ${acked.length}/${probes.length}   ack p50 ${fixed(ack.p50)} ms   ` +
      `p95 ${fixed(ack.p95)} ms   p99 ${fixed(ack.p99)} ms`,
  );
  const refusals = new Map<string, number>();
  const answered = new Set(acked);
  for (const probe of probes) {
    if (answered.has(probe)) continue;
    const answer = probe.status === undefined ? 'not sent' : probe.status === 0 ? 'no answer' : String(probe.status);
    refusals.set(answer, (refusals.get(answer) ?? 0) + 1);
  }
  if (refusals.size > 0) {
    out(`  not answered 2xx: ${[...refusals].map(([answer, count]) => `${count}× ${answer}`).join(', ')}`);
  }
  out(
    `  suggestion.created received: ${arrived.length}/${probes.length}` +
      `${arrived.length < probes.length ? ` (${probes.length - arrived.length} missing after ${DRAIN_SECONDS} s)` : ''}` +
      `   unmatched ${events.unmatched}   repeated ${events.duplicates}   ` +
      `throughput ${fixed(arrived.length / arrivalSpan)} suggestions/s`,
  );
  // A suggestion that never came is later than every one that did: over all deliveries, it counts as infinite.
  const overAll = latencySummary(
    probes.map((probe) => (probe.suggestedAt === undefined ? Infinity : probe.suggestedAt - probe.sentAt!)),
  );
  const late = (ms: number): string => (ms === Infinity ? `> ${DRAIN_SECONDS} s (missing)` : `${fixed(ms)} ms`);
  out(
    `  webhook → suggestion.created   p50 ${fixed(suggestion.p50)} ms   p95 ${fixed(suggestion.p95)} ms   ` +
      `p99 ${fixed(suggestion.p99)} ms   max ${fixed(Math.max(...arrived.map((p) => p.suggestedAt! - p.sentAt!)))} ms` +
      (arrived.length < probes.length ? ' (of those that arrived)' : ''),
  );
  if (arrived.length < probes.length) {
    out(`    over all ${probes.length} deliveries   p50 ${late(overAll.p50)}   p95 ${late(overAll.p95)}`);
  }
  out(
    `    target p95 ≤ ${LATENCY_TARGET_MS} ms (at 200 msg/s), over all deliveries: ` +
      `${overAll.p95 <= LATENCY_TARGET_MS ? 'met' : 'NOT met'} at ${RATE} msg/s`,
  );
  out(
    `    of which webhook → message.received p50 ${fixed(ingest.p50)} ms  p95 ${fixed(ingest.p95)} ms;  ` +
      `message.received → suggestion.created p50 ${fixed(checkStage.p50)} ms  p95 ${fixed(checkStage.p95)} ms`,
  );
  const windows = Math.max(1, Math.ceil(SECONDS / 5));
  const perWindow: string[] = [];
  for (let window = 0; window < windows; window += 1) {
    const inWindow = arrived.filter((probe) => {
      const at = (probe.sentAt! - probes[0].sentAt!) / 1000;
      return at >= window * 5 && at < (window + 1) * 5;
    });
    const { p50, p95 } = latencySummary(inWindow.map((probe) => probe.suggestedAt! - probe.sentAt!));
    perWindow.push(`${window * 5}-${(window + 1) * 5} s: p50 ${fixed(p50, 0)} / p95 ${fixed(p95, 0)}`);
  }
  out(`    by send time (ms)  ${perWindow.join('   ')}`);
}

/**
 * What the worker did not get to stays queued, where a worker of the next bench on the same Redis would spend the
 * database on it. Discarded only from a Redis this bench started.
 */
async function discardBacklog(redisUrl: string, own: boolean): Promise<void> {
  const queues = ['inbound', 'suggestions'].map((name) => new Queue(name, { connection: { url: redisUrl } }));
  try {
    const counts = await Promise.all(
      queues.map((queue) => queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized')),
    );
    const left = counts.reduce((sum, count) => sum + Object.values(count).reduce((a, b) => a + b, 0), 0);
    if (left === 0) return;
    if (own) await Promise.all(queues.map((queue) => queue.obliterate({ force: true })));
    out(
      `  ${left} jobs were still queued when the apps stopped: ` +
        `${own ? 'discarded' : 'left in place (REDIS_URL is not ours); part 2 works beside them'}`,
    );
  } finally {
    await Promise.all(queues.map((queue) => queue.close()));
  }
}

runBench('suggestion-latency', measureSuggestionLatency);
