import 'reflect-metadata';
import { AsyncLocalStorage } from 'node:async_hooks';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg } from 'node:os';
import type { INestApplicationContext } from '@nestjs/common';
import { normalizePhone } from '@app/domain';
import type { SuggestionSummary } from '@app/realtime';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { Types, type Connection } from 'mongoose';
import { io } from 'socket.io-client';
import { latencySummary, post } from './load.js';
import { BENCH_PASSWORD, BENCH_WHATSAPP, createBenchTenant, startBenchServices } from './services.js';
// The provider request builders and app runner the tests use (compiled into dist through these imports; libs/testing
// is not).
import { startAppProcess } from '../libs/testing/src/app-process.js';
import { whatsappHeaders, whatsappTextDelivery as whatsappDelivery } from '../libs/testing/src/providers.js';

/**
 * `npm run bench:suggest`, two measurements against local services (only 127.0.0.1), bounded in count and time:
 *
 * 1. Webhook → `suggestion.created` latency at a fixed send rate: every delivery comes from a new WhatsApp number
 *    that an existing email-only customer lists as a contact phone, so each makes the worker store the message, run
 *    the duplicate check and emit one suggestion. The api and the worker run as their own processes (as in
 *    production); a socket.io client signed in as an agent receives the events.
 * 2. Database commands of merging a customer with a long history (BENCH_CONVERSATIONS conversations, ten messages
 *    each) and of a customer with one conversation, through POST /api/v1/merges with the api and the worker in this
 *    process, counted per side and per journal step from the driver's `commandStarted` events.
 */
const RATE = positive('BENCH_RATE', 200);
const SECONDS = positive('BENCH_SECONDS', 20);
const DRAIN_SECONDS = positive('BENCH_DRAIN_SECONDS', 60);
const CONVERSATIONS = positive('BENCH_CONVERSATIONS', 5000);
const MESSAGES_PER_CONVERSATION = 10;
const MERGE_COMMAND_TARGET = 30;
const PER_DELIVERY = 50;
const PER_DELIVERY_FROM = 9_200_000;
const LATENCY_TARGET_MS = 250;
/**
 * Deliveries at the same rate before the measured run (printed apart): the JIT compilers of the database (JVM), api
 * and worker (V8) take CPU from everything else on two cores for several seconds after a start; 5 s was not always
 * enough to reach a steady state.
 */
const WARMUP = Math.round(RATE * positive('BENCH_WARMUP_SECONDS', 10));
const TOTAL = Math.round(RATE * SECONDS);
const { appSecret: APP_SECRET, phoneNumberId: PHONE_NUMBER_ID } = BENCH_WHATSAPP;
const PASSWORD = BENCH_PASSWORD;

function positive(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number`);
  return value;
}

const out = (line = ''): void => void process.stdout.write(`${line}\n`);
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const fixed = (value: number, digits = 1): string => (Number.isFinite(value) ? value.toFixed(digits) : '—');

/** A number of the fictional +1 555 range; WhatsApp reports it as `wa_id` without the `+`. */
const phoneOf = (index: number): string => `+1555${String(index).padStart(7, '0')}`;

async function main(): Promise<void> {
  // The apps of part 2 run in this process, with command monitoring; the processes of part 1 do without it.
  const { services, environment, runId } = await startBenchServices('suggest');
  servicesPids.mongo = services.mongo.process?.pid;
  servicesPids.redis = services.redis.process?.pid;
  const cleanups: (() => Promise<unknown>)[] = [];
  try {
    if (!services.redis.external) {
      const admin = new Redis(services.redis.url);
      await admin.flushdb();
      await admin.quit();
    }
    out(
      `bench/suggest: ${cpus().length} CPUs, load average ${loadavg()
        .map((load) => fixed(load, 2))
        .join(' ')}`,
    );
    // Everything is loaded now, once the environment is set (configuration is read on import), and not later: a
    // concurrent `npm run build:server` elsewhere in this tree would remove the files for a moment.
    const modules = await loadModules();
    const { NestFactory, getConnectionToken, CliModule, CustomerRepositoryModule, IdentityRepositoryModule } = modules;
    // The database alone, to create the tenant and seed collections: the CLI's module, with the models the seeds
    // are inserted through (the CLI registers only its own).
    const seeder = await NestFactory.createApplicationContext(
      { imports: [CliModule, CustomerRepositoryModule, IdentityRepositoryModule] },
      { logger: ['error'] },
    );
    cleanups.push(() => seeder.close());
    const tenant = await createTenant(modules, seeder, runId);
    const connection = seeder.get<Connection>(getConnectionToken());

    await measureSuggestionLatency(connection, tenant, environment, !services.redis.external, cleanups);
    await measureMergeCommands(modules, connection, tenant, cleanups);
    out(
      `load average at the end: ${loadavg()
        .map((load) => fixed(load, 2))
        .join(' ')}`,
    );
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
    await services.stop();
  }
}

async function loadModules() {
  const [core, mongooseModule, cli, auth, persistence, identity, queue, bootstrap, merges, worker, processors] =
    await Promise.all([
      import('@nestjs/core'),
      import('@nestjs/mongoose'),
      import('../apps/cli/src/cli.module.js'),
      import('@app/auth'),
      import('@app/persistence'),
      import('@app/identity'),
      import('@app/queue'),
      import('../apps/api/src/bootstrap.js'),
      import('../apps/api/src/merges/merges.service.js'),
      import('../apps/worker/src/worker.module.js'),
      Promise.all([
        import('../apps/worker/src/merges/merges.processor.js'),
        import('../apps/worker/src/suggestions/suggestions.processor.js'),
        import('../apps/worker/src/inbound/inbound-ingestion.service.js'),
      ]),
    ]);
  return {
    NestFactory: core.NestFactory,
    getConnectionToken: mongooseModule.getConnectionToken,
    CliModule: cli.CliModule,
    AccountsService: auth.AccountsService,
    ChannelRepository: persistence.ChannelRepository,
    CustomerRepositoryModule: persistence.CustomerRepositoryModule,
    IdentityRepositoryModule: persistence.IdentityRepositoryModule,
    MergeRepository: persistence.MergeRepository,
    MergeLockRepository: persistence.MergeLockRepository,
    MergeExecutorService: identity.MergeExecutorService,
    MergePlannerService: identity.MergePlannerService,
    MergeStarterService: identity.MergeStarterService,
    SuggestionFinderService: identity.SuggestionFinderService,
    MergesProducer: queue.MergesProducer,
    createApi: bootstrap.createApi,
    MergesService: merges.MergesService,
    InboundIngestionService: processors[2].InboundIngestionService,
    WorkerModule: worker.WorkerModule,
    MergesProcessor: processors[0].MergesProcessor,
    SuggestionsProcessor: processors[1].SuggestionsProcessor,
  };
}

type Modules = Awaited<ReturnType<typeof loadModules>>;

interface BenchTenant {
  tenantId: string;
  channelId: string;
  agentEmail: string;
}

async function createTenant(modules: Modules, seeder: INestApplicationContext, runId: string): Promise<BenchTenant> {
  const accounts = seeder.get(modules.AccountsService);
  const created = await createBenchTenant(accounts, seeder.get(modules.ChannelRepository), 'Bench suggest', runId);
  const agentEmail = `agent-${runId}@bench.example`;
  await accounts.createUser(created.tenantId, {
    email: agentEmail,
    password: PASSWORD,
    name: 'Bench agent',
    role: 'agent',
  });
  return { ...created, agentEmail };
}

/** An agent's access token, from the login route. */
async function signIn(base: string, email: string): Promise<string> {
  const login = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  if (login.status !== 200) throw new Error(`login answered ${login.status}`);
  return ((await login.json()) as { accessToken: string }).accessToken;
}

// ---------------------------------------------------------------------------------------------------------------
// Part 1: webhook → suggestion.created latency

/**
 * Email-only customers (an email identity, owned through `identifier_owners`), each listing one phone as contact
 * data, numbered `from` … `from + count - 1`.
 */
async function seedEmailCustomers(connection: Connection, tenantId: string, from: number, count: number) {
  // The channel the email identities first wrote to: an id is all the identity keeps of it.
  const channelId = new Types.ObjectId();
  const lastActiveAt = new Date();
  for (let start = from; start < from + count; start += 1000) {
    const indexes = Array.from({ length: Math.min(1000, from + count - start) }, (_, offset) => start + offset);
    await insertCustomers(
      connection,
      tenantId,
      indexes.map((index): CustomerSeed => {
        const phone = phoneOf(index);
        if (normalizePhone(phone.slice(1))?.value !== phone) throw new Error(`${phone} does not normalize to itself`);
        return {
          name: `Email customer ${index}`,
          lastActiveAt,
          contactData: [{ type: 'phone', value: phone }],
          identity: { kind: 'email', address: `customer-${index}@bench.example`, channelId },
        };
      }),
    );
  }
}

interface CustomerSeed {
  name: string;
  lastActiveAt: Date;
  contactData?: { type: 'phone'; value: string }[];
  /** Its one identity: an address that is already normalized. */
  identity: { kind: 'email' | 'whatsapp'; address: string; channelId: Types.ObjectId };
}

/**
 * Customers, each with its identity and the owner record of that identifier, inserted through their models: the
 * schemas fill in their defaults and timestamps. Answers the ids, in the order of the seeds.
 */
async function insertCustomers(
  connection: Connection,
  tenantId: string,
  seeds: CustomerSeed[],
): Promise<{ customerId: Types.ObjectId; identityId: Types.ObjectId }[]> {
  const tenant = new Types.ObjectId(tenantId);
  const ids = seeds.map(() => ({ customerId: new Types.ObjectId(), identityId: new Types.ObjectId() }));
  const identifierType = (seed: CustomerSeed) => (seed.identity.kind === 'email' ? 'email' : 'phone');
  await connection.model('Customer').insertMany(
    seeds.map((seed, position) => ({
      _id: ids[position].customerId,
      tenantId: tenant,
      name: seed.name,
      lastActiveAt: seed.lastActiveAt,
      ...(seed.contactData && { contactData: seed.contactData }),
    })),
  );
  await connection.model('Identity').insertMany(
    seeds.map(({ identity }, position) => ({
      _id: ids[position].identityId,
      tenantId: tenant,
      customerId: ids[position].customerId,
      key: `${identity.kind}:${identity.address}`,
      kind: identity.kind,
      channelId: identity.channelId,
      anonymous: false,
      identifierType: identifierType(seeds[position]),
      address: identity.address,
      displayAddress: identity.address,
      // Its duplicate check is not pending: the bench seeds settled customers.
      checkPending: false,
    })),
  );
  await connection.model('IdentifierOwner').insertMany(
    seeds.map((seed, position) => ({
      tenantId: tenant,
      identifierType: identifierType(seed),
      value: seed.identity.address,
      customerId: ids[position].customerId,
    })),
  );
  return ids;
}

/** The database and Redis servers this bench started, for their CPU time. */
const servicesPids: { mongo?: number; redis?: number } = {};

/** CPU seconds (user + system) a process has used so far; NaN when it cannot be read. */
function cpuSeconds(pid: number | undefined): number {
  if (!pid) return Number.NaN;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

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

async function measureSuggestionLatency(
  connection: Connection,
  tenant: BenchTenant,
  environment: Record<string, string>,
  ownRedis: boolean,
  cleanups: (() => Promise<unknown>)[],
): Promise<void> {
  const seedStarted = performance.now();
  await seedEmailCustomers(connection, tenant.tenantId, 0, WARMUP + TOTAL);
  out(
    `seeded ${WARMUP + TOTAL} email-only customers with a contact phone in ` +
      `${fixed((performance.now() - seedStarted) / 1000)} s`,
  );
  const [api, worker] = await Promise.all([
    startAppProcess('api', environment),
    startAppProcess('worker', environment),
  ]);
  cleanups.push(
    () => api.process.stop(),
    () => worker.process.stop(),
  );
  const base = api.url;
  const webhook = `${base}/webhooks/whatsapp/${tenant.channelId}`;

  const accessToken = await signIn(base, tenant.agentEmail);
  const socket = io(base, { auth: { token: accessToken }, transports: ['websocket'], reconnection: false });
  cleanups.push(async () => socket.disconnect());
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });

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
    const body = whatsappDelivery(PHONE_NUMBER_ID, probe.phone.slice(1), `wamid.bench-suggest-${index}`);
    const headers = whatsappHeaders(body, APP_SECRET);
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
  const cpuBefore = {
    api: cpuSeconds(api.pid),
    worker: cpuSeconds(worker.pid),
    mongo: cpuSeconds(servicesPids.mongo),
    redis: cpuSeconds(servicesPids.redis),
    bench: process.cpuUsage(),
  };
  const loadBefore = loadavg()[0];
  const runStarted = performance.now();
  const probes = await runAtRate(WARMUP, TOTAL);
  const sendSeconds = (Math.max(...probes.map((probe) => probe.sentAt ?? 0)) - probes[0].sentAt!) / 1000;
  await arrivals(probes, DRAIN_SECONDS * 1000);
  const wallSeconds = (performance.now() - runStarted) / 1000;
  const benchCpu = process.cpuUsage(cpuBefore.bench);
  const cpu = {
    api: cpuSeconds(api.pid) - cpuBefore.api,
    worker: cpuSeconds(worker.pid) - cpuBefore.worker,
    mongo: cpuSeconds(servicesPids.mongo) - cpuBefore.mongo,
    redis: cpuSeconds(servicesPids.redis) - cpuBefore.redis,
    bench: (benchCpu.user + benchCpu.system) / 1e6,
  };
  for (const probe of probes) if (probe.customerId) probe.ingestedAt = ingestedAt.get(probe.customerId);

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
  out(
    `  suggestion.created received: ${arrived.length}/${probes.length}` +
      `${arrived.length < probes.length ? ` (${probes.length - arrived.length} missing after ${DRAIN_SECONDS} s)` : ''}` +
      `   unmatched ${unmatched}   repeated ${duplicates}   ` +
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
  out(
    `  CPU seconds during the ${fixed(wallSeconds)} s run: api ${fixed(cpu.api)}  worker ${fixed(cpu.worker)}  ` +
      `database ${fixed(cpu.mongo)}  redis ${fixed(cpu.redis)}  bench client ${fixed(cpu.bench)}` +
      `   (load average before ${fixed(loadBefore, 2)}, after ${fixed(loadavg()[0], 2)})`,
  );

  socket.disconnect();
  await Promise.all([api.process.stop(), worker.process.stop()]);
  await discardBacklog(environment.REDIS_URL, ownRedis);
}

/**
 * What the worker did not get to stays queued; part 2's worker would otherwise spend the database on it while the
 * merges are measured. Discarded only from a Redis this bench started.
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

// ---------------------------------------------------------------------------------------------------------------
// Part 2: database commands of a merge

interface CommandRecord {
  side: 'api' | 'worker';
  phase: string;
  command: string;
  /** The driver's round trip, once the command has answered. */
  ms?: number;
}

type Side = CommandRecord['side'];

const phases = new AsyncLocalStorage<{ phase: string; nestedMs: number }>();

/** Wall time per phase of the merge being measured: its own (without nested phases), and in all. */
let timings = new Map<string, PhaseTiming>();

/**
 * Runs a method of a live service instance inside a named phase: every command it sends (unless a nested phase
 * claims it) is counted under that name, and its time is added to the phase's.
 */
function labelMethod(side: Side, target: object, method: string, phase: (args: unknown[]) => string): void {
  const holder = target as Record<string, (...args: unknown[]) => unknown>;
  const original = holder[method];
  if (typeof original !== 'function') throw new Error(`${target.constructor.name} has no method ${method}`);
  holder[method] = (...args: unknown[]) => {
    const name = phase(args);
    const parent = phases.getStore();
    const store = { phase: name, nestedMs: 0 };
    const started = performance.now();
    const record = (): void => {
      const elapsed = performance.now() - started;
      const key = `${side}:${name}`;
      const timing = timings.get(key) ?? { side, phase: name, ms: 0, totalMs: 0 };
      timing.ms += elapsed - store.nestedMs;
      timing.totalMs += elapsed;
      timings.set(key, timing);
      if (parent) parent.nestedMs += elapsed;
    };
    const result = phases.run(store, () => original.apply(target, args));
    if (result instanceof Promise) return result.finally(record);
    record();
    return result;
  };
}

interface CommandEvent {
  requestId: number;
  commandName: string;
  command: Record<string, unknown>;
}

function commandLabel(event: CommandEvent): string {
  const target = event.commandName === 'getMore' ? event.command.collection : event.command[event.commandName];
  return typeof target === 'string' ? `${event.commandName} ${target}` : event.commandName;
}

interface MergeCase {
  label: string;
  survivorId: string;
  victimId: string;
}

/** A survivor (one email identity) and a victim (one WhatsApp identity) with the given history. */
async function seedMergeCase(
  connection: Connection,
  tenant: BenchTenant,
  label: string,
  conversations: number,
  messagesPerConversation: number,
  phone: string,
): Promise<MergeCase> {
  const tenantId = new Types.ObjectId(tenant.tenantId);
  const channelId = new Types.ObjectId(tenant.channelId);
  const now = new Date();
  const stamps = { createdAt: now, updatedAt: now };
  const lastActiveAt = new Date(now.getTime() - 90 * 24 * 3600 * 1000);
  // A domain of its own: the survivor's check after the merge finds no look-alike address among the others.
  const survivorDomain = new Types.ObjectId().toHexString();
  const [survivor, victim] = await insertCustomers(connection, tenant.tenantId, [
    {
      name: `${label} survivor`,
      lastActiveAt,
      identity: { kind: 'email', address: `survivor@${survivorDomain}.example`, channelId: new Types.ObjectId() },
    },
    { name: `${label} victim`, lastActiveAt, identity: { kind: 'whatsapp', address: phone, channelId } },
  ]);
  const { customerId: victimId, identityId } = victim;
  const batch = 1000;
  for (let start = 0; start < conversations; start += batch) {
    const ids = Array.from({ length: Math.min(batch, conversations - start) }, () => new Types.ObjectId());
    await connection.collection('conversations').insertMany(
      ids.map((_id, offset) => ({
        _id,
        tenantId,
        customerId: victimId,
        identityId,
        channelId,
        channelKind: 'whatsapp',
        key: `bench:${victimId.toHexString()}:${start + offset}`,
        lastMessageAt: now,
        messageCount: messagesPerConversation,
        ...stamps,
      })),
    );
    await connection.collection('messages').insertMany(
      ids.flatMap((conversationId, offset) =>
        Array.from({ length: messagesPerConversation }, (_, position) => ({
          tenantId,
          conversationId,
          channelId,
          direction: 'inbound',
          externalId: `wamid.bench-merge-${victimId.toHexString()}-${start + offset}-${position}`,
          sentAt: new Date(now.getTime() - (messagesPerConversation - position) * 60_000),
          messageType: 'text',
          text: 'Does it come in another color?',
          attachments: [],
          ...stamps,
        })),
      ),
    );
  }
  return { label, survivorId: survivor.customerId.toHexString(), victimId: victimId.toHexString() };
}

interface MergeMeasurement {
  status: number;
  requestMs: number;
  workerMs: number;
  merge: CommandRecord[];
  followUp: CommandRecord[];
  other: CommandRecord[];
  timings: PhaseTiming[];
}

interface PhaseTiming {
  side: Side;
  phase: string;
  /** Without the time of phases nested in it. */
  ms: number;
  totalMs: number;
}

const FOLLOW_UP = "the survivor's suggestion check";
const REQUEST = 'the request';
const JOB = 'the job';
const UNRELATED = 'another suggestion check';
const NO_PHASE = '(outside every phase)';

async function measureMergeCommands(
  modules: Modules,
  connection: Connection,
  tenant: BenchTenant,
  cleanups: (() => Promise<unknown>)[],
): Promise<void> {
  const { NestFactory, getConnectionToken, createApi, MergesService, WorkerModule, MergesProcessor } = modules;
  const { SuggestionsProcessor, MergeExecutorService, MergePlannerService } = modules;
  const { SuggestionFinderService } = modules;
  const { MergeLockRepository, MergeRepository, MergesProducer, InboundIngestionService } = modules;

  const api = await createApi();
  cleanups.push(() => api.close());
  await api.listen(0, '127.0.0.1');
  const base = `http://127.0.0.1:${(api.getHttpServer().address() as AddressInfo).port}`;
  const worker = await NestFactory.createApplicationContext(WorkerModule, { logger: ['error'] });
  cleanups.push(() => worker.close());
  await worker.init();

  let recording: CommandRecord[] | undefined;
  const answering = new Map<number, CommandRecord>();
  for (const [side, app] of [
    ['api', api],
    ['worker', worker],
  ] as const) {
    const answered = (event: { requestId: number; duration: number }): void => {
      const record = answering.get(event.requestId);
      answering.delete(event.requestId);
      if (record) record.ms = event.duration;
    };
    app
      .get<Connection>(getConnectionToken())
      .getClient()
      .on('commandStarted', (event: CommandEvent) => {
        if (!recording) return;
        const record: CommandRecord = {
          side,
          phase: phases.getStore()?.phase ?? NO_PHASE,
          command: commandLabel(event),
        };
        recording.push(record);
        answering.set(event.requestId, record);
      })
      .on('commandSucceeded', answered)
      .on('commandFailed', answered);
  }

  // The api: what MergesService and MergeStarterService call, each under its name.
  let survivorId = '';
  labelMethod('api', api.get(MergesService), 'start', () => REQUEST);
  labelMethod('api', api.get(MergePlannerService), 'plan', () => 'plan (under the locks)');
  const apiMerges = api.get(MergeRepository);
  labelMethod('api', apiMerges, 'create', () => 'journal: create');
  labelMethod('api', apiMerges, 'startRunning', () => 'journal: the plan, running');
  labelMethod('api', apiMerges, 'setStatus', () => 'journal: status');
  labelMethod('api', apiMerges, 'findById', () => 'journal: read the result');
  labelMethod('api', api.get(MergeLockRepository), 'acquire', () => 'locks: acquire');
  labelMethod('api', api.get(MergesProducer), 'execute', () => 'enqueue the job (Redis)');
  labelMethod('api', api.get(MergesProducer), 'waitFor', () => 'wait for the worker (Redis)');
  // The worker: the job, each journal step and its record.
  const executor = worker.get(MergeExecutorService);
  labelMethod('worker', executor, 'execute', () => JOB);
  labelMethod('worker', executor, 'run', (args) => `step ${String(args[0])}`);
  const workerMerges = worker.get(MergeRepository);
  labelMethod('worker', workerMerges, 'findById', () => 'journal: load');
  labelMethod('worker', workerMerges, 'completeStep', (args) => `journal: ${String(args[2])} done`);
  labelMethod('worker', workerMerges, 'finish', () => 'journal: finish');
  let checkPhase: string | undefined;
  labelMethod('worker', worker.get(SuggestionFinderService), 'check', (args) =>
    checkPhase ? checkPhase : args[1] === survivorId ? FOLLOW_UP : UNRELATED,
  );
  labelMethod('worker', worker.get(InboundIngestionService), 'ingest', () => 'ingest the delivery');

  const finished = new Map<string, number>();
  let checksDone = 0;
  let onFinished: (() => void) | undefined;
  for (const processor of [worker.get(MergesProcessor), worker.get(SuggestionsProcessor)]) {
    processor.worker.on('completed', (job) => {
      finished.set(String(job.id), performance.now());
      if (job.name === 'customer.check') checksDone += 1;
      onFinished?.();
    });
    processor.worker.on('failed', (job, error) => out(`  job ${job?.id} failed: ${error.message}`));
  }
  const waitForJob = async (jobId: string, timeoutMs: number): Promise<number | undefined> => {
    const deadline = performance.now() + timeoutMs;
    while (!finished.has(jobId) && performance.now() < deadline) {
      await new Promise<void>((resolve) => {
        onFinished = resolve;
        setTimeout(resolve, 100);
      });
    }
    onFinished = undefined;
    return finished.get(jobId);
  };

  const accessToken = await signIn(base, tenant.agentEmail);

  const merge = async (mergeCase: MergeCase): Promise<MergeMeasurement> => {
    survivorId = mergeCase.survivorId;
    timings = new Map();
    const records: CommandRecord[] = [];
    recording = records;
    const started = performance.now();
    const response = await fetch(`${base}/api/v1/merges`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
      body: JSON.stringify({ survivorId: mergeCase.survivorId, victimIds: [mergeCase.victimId] }),
    });
    const requestMs = performance.now() - started;
    const view = (await response.json()) as { id?: string; status?: string };
    if (!view.id) throw new Error(`merge answered ${response.status}: ${JSON.stringify(view)}`);
    const doneAt = await waitForJob(`merge-${view.id}`, 120_000);
    if (doneAt === undefined) throw new Error(`merge ${view.id} did not finish within 120 s`);
    // The survivor's duplicate check the merge queues: counted apart, it is a job of its own.
    await waitForJob(`check-${tenant.tenantId}-merge-${view.id}`, 10_000);
    recording = undefined;
    const unrelated = (record: CommandRecord): boolean => record.phase === UNRELATED || record.phase === NO_PHASE;
    return {
      status: response.status,
      requestMs,
      workerMs: doneAt - started,
      merge: records.filter((record) => record.phase !== FOLLOW_UP && !unrelated(record)),
      followUp: records.filter((record) => record.phase === FOLLOW_UP),
      other: records.filter(unrelated),
      timings: [...timings.values()],
    };
  };

  const seedStarted = performance.now();
  const warm = await seedMergeCase(connection, tenant, 'warm-up', 1, 1, '+15559000001');
  const small = await seedMergeCase(connection, tenant, 'small', 1, 1, '+15559000002');
  const large = await seedMergeCase(
    connection,
    tenant,
    'large',
    CONVERSATIONS,
    MESSAGES_PER_CONVERSATION,
    '+15559000003',
  );
  out();
  out(
    `part 2: merges through POST /api/v1/merges (api and worker in this process, counting commandStarted); seeded ` +
      `in ${fixed((performance.now() - seedStarted) / 1000)} s`,
  );
  await merge(warm);
  const smallResult = await merge(small);
  const largeResult = await merge(large);
  report(`victim with 1 conversation / 1 message, 1 identity`, smallResult);
  report(
    `victim with ${CONVERSATIONS} conversations / ${CONVERSATIONS * MESSAGES_PER_CONVERSATION} messages, 1 identity`,
    largeResult,
  );
  compare(smallResult, largeResult);

  // What one delivery of part 1 costs the database, by the same counting: explains the rate part 1 sustains. Once
  // one after another (no call has a concurrent one to share a command with), once all at once.
  const countDeliveries = async (from: number, together: boolean): Promise<void> => {
    await seedEmailCustomers(connection, tenant.tenantId, from, PER_DELIVERY);
    checkPhase = 'suggestion check';
    const records: CommandRecord[] = [];
    recording = records;
    const checksBefore = checksDone;
    const send = async (index: number): Promise<void> => {
      const body = whatsappDelivery(PHONE_NUMBER_ID, phoneOf(index).slice(1), `wamid.bench-count-${index}`);
      const status = await post(
        `${base}/webhooks/whatsapp/${tenant.channelId}`,
        body,
        whatsappHeaders(body, APP_SECRET),
      );
      if (status !== 200) throw new Error(`the webhook answered ${status}`);
    };
    const indexes = Array.from({ length: PER_DELIVERY }, (_, offset) => from + offset);
    if (together) await Promise.all(indexes.map(send));
    else for (const index of indexes) await send(index);
    const deadline = performance.now() + 60_000;
    while (checksDone < checksBefore + PER_DELIVERY && performance.now() < deadline) await sleep(50);
    recording = undefined;
    checkPhase = undefined;
    const sizes = await Promise.all(
      ['customers', 'identities', 'messages'].map(
        async (name) => `${await connection.collection(name).estimatedDocumentCount()} ${name}`,
      ),
    );
    reportPerDelivery(records, checksDone - checksBefore, together, `the database holds ${sizes.join(', ')}`);
  };
  await countDeliveries(PER_DELIVERY_FROM, false);
  await countDeliveries(PER_DELIVERY_FROM + PER_DELIVERY, true);
}

function reportPerDelivery(records: CommandRecord[], checks: number, together: boolean, sizes: string): void {
  const perDelivery = (count: number): string => fixed(count / PER_DELIVERY, 2);
  out();
  out(
    `database commands per delivery of part 1 (${PER_DELIVERY} new numbers matching a contact phone sent ` +
      `${together ? 'all at once' : 'one after another'}, api and worker in this process; ${checks} checks ran; ` +
      `${sizes}), with their mean round trip:`,
  );
  const groups = tally(records, (record) => `${record.side}: ${record.phase === NO_PHASE ? 'webhook' : record.phase}`);
  for (const [group, count] of groups) {
    const inGroup = records.filter(
      (record) => `${record.side}: ${record.phase === NO_PHASE ? 'webhook' : record.phase}` === group,
    );
    const commands = [...tally(inGroup, (record) => record.command)].map(([name, n]) => {
      const timed = inGroup.filter((record) => record.command === name && record.ms !== undefined);
      const mean = timed.reduce((sum, record) => sum + record.ms!, 0) / timed.length;
      return `${name} ${perDelivery(n)} (${fixed(mean)} ms)`;
    });
    out(`  ${group.padEnd(30)} ${perDelivery(count).padStart(6)}   ${commands.join(', ')}`);
  }
  const total = records.length / PER_DELIVERY;
  out(
    `  total ${fixed(total, 2)} per delivery: at ${RATE} msg/s that is ${fixed(total * RATE, 0)} database ` +
      `commands/s`,
  );
}

function tally(records: CommandRecord[], key: (record: CommandRecord) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const record of records) counts.set(key(record), (counts.get(key(record)) ?? 0) + 1);
  return counts;
}

const listed = (counts: Map<string, number>): string =>
  [...counts.entries()].map(([name, count]) => `${name} ${count}`).join(', ');

/** Commands by name with their count, and their time where it is worth a look. */
function listedWithTime(records: CommandRecord[]): string {
  return [...tally(records, (record) => record.command).entries()]
    .map(([name, count]) => {
      const ms = records.filter((record) => record.command === name).reduce((sum, record) => sum + (record.ms ?? 0), 0);
      return `${name} ${count}${ms >= 20 ? ` (${fixed(ms, 0)} ms)` : ''}`;
    })
    .join(', ');
}

function report(title: string, result: MergeMeasurement): void {
  const api = result.merge.filter((record) => record.side === 'api');
  const worker = result.merge.filter((record) => record.side === 'worker');
  const total = result.merge.length;
  out();
  out(`merge, ${title} (after one warm-up merge):`);
  const timeOf = (side: Side, phase: string): number =>
    result.timings.find((timing) => timing.side === side && timing.phase === phase)?.totalMs ?? Number.NaN;
  out(
    `  POST /api/v1/merges answered ${result.status} in ${fixed(result.requestMs)} ms ` +
      `(MergesService.start ${fixed(timeOf('api', REQUEST))} ms); the worker's job ran ` +
      `${fixed(timeOf('worker', JOB))} ms and finished ${fixed(result.workerMs)} ms after the request was sent`,
  );
  out(
    `  database commands: api ${api.length} + worker ${worker.length} = ${total} ` +
      `(target ≤ ${MERGE_COMMAND_TARGET}: ${total <= MERGE_COMMAND_TARGET ? 'met' : 'NOT met'})`,
  );
  const names = [...tally(result.merge, (record) => record.command.split(' ')[0]).keys()].sort();
  out(`  by command name        ${'api'.padStart(6)} ${'worker'.padStart(6)} ${'total'.padStart(6)}`);
  for (const name of names) {
    const count = (records: CommandRecord[]) => records.filter((record) => record.command.split(' ')[0] === name);
    out(
      `    ${name.padEnd(20)} ${String(count(api).length).padStart(6)} ${String(count(worker).length).padStart(6)} ` +
        `${String(count(result.merge).length).padStart(6)}`,
    );
  }
  for (const [side, records] of [
    ['api', api],
    ['worker', worker],
  ] as const) {
    out(`  ${side} by phase (commands, ms of its own; ms per command where ≥ 20):`);
    const named = [
      ...new Set([
        ...result.timings.filter((timing) => timing.side === side).map((timing) => timing.phase),
        ...records.map((record) => record.phase),
      ]),
    ].filter(
      (phase) => ![REQUEST, JOB, FOLLOW_UP, UNRELATED].includes(phase) || records.some((r) => r.phase === phase),
    );
    for (const phase of named) {
      const inPhase = records.filter((record) => record.phase === phase);
      const ms = result.timings.find((timing) => timing.side === side && timing.phase === phase)?.ms;
      out(
        `    ${phase.padEnd(38)} ${String(inPhase.length).padStart(3)} ${fixed(ms ?? Number.NaN, 0).padStart(7)}   ` +
          listedWithTime(inPhase),
      );
    }
  }
  out(
    `  not counted: the survivor's suggestion check the merge queues (a job of its own) ${result.followUp.length} ` +
      `commands [${listed(tally(result.followUp, (record) => record.command))}]` +
      (result.other.length ? `; unrelated commands meanwhile ${result.other.length}` : ''),
  );
}

function compare(small: MergeMeasurement, large: MergeMeasurement): void {
  const key = (record: CommandRecord): string => `${record.side} · ${record.phase} · ${record.command}`;
  const before = tally(small.merge, key);
  const after = tally(large.merge, key);
  const grown = [...new Set([...before.keys(), ...after.keys()])]
    .map((name) => ({ name, small: before.get(name) ?? 0, large: after.get(name) ?? 0 }))
    .filter((row) => row.small !== row.large);
  out();
  out(
    `history dependence: ${small.merge.length} commands for 1 conversation, ${large.merge.length} for ${CONVERSATIONS} ` +
      `conversations${grown.length === 0 ? ' — the same commands' : ''}`,
  );
  for (const row of grown) out(`    ${row.name}: ${row.small} → ${row.large}`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench/suggest failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
