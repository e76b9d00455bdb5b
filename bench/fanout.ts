import 'reflect-metadata';
import type { Socket } from 'socket.io-client';
import { BENCH_PASSWORD, runBench, withinMinutes, type BenchRun } from './services.js';
import { signIn } from './agent.js';
import { loadAverage, machineLoad } from './cpu.js';
import { post } from './load.js';
import { fixed, out } from './print.js';
import { openFileLimit, residentMb } from './process-memory.js';
import { startSeeder } from './seeder.js';
import { positiveSetting } from './settings.js';
import { connectClient, describeErrors, forEachBounded } from './socket-fleet.js';
import { latencySummary } from './statistics.js';
import { signedWhatsappDelivery } from './whatsapp.js';
// The app runner the tests use (compiled into dist through this import; libs/testing is not).
import { startAppProcess, type RunningApp } from '../libs/testing/src/app-process.js';

/**
 * `npm run bench:fanout` (issue 17, P6): CLIENTS authenticated consoles spread evenly over two api instances (processes
 * sharing one Redis and one database, the socket.io Redis adapter between them) and a tenant broadcast reaching all of
 * them: a WhatsApp delivery of a known customer, filed by the worker, whose `message.received` goes to the tenant's
 * room through the worker's emitter. Latency from the webhook request to each client's receipt; the apps' memory once
 * every client is connected; a reconnect storm. Only 127.0.0.1; bounded in clients, broadcasts and time.
 */
const CLIENTS = positiveSetting('BENCH_FANOUT_CLIENTS', 2000);
const BROADCASTS = positiveSetting('BENCH_FANOUT_BROADCASTS', 20);
/** Agent users the clients sign in as (one access token each, shared by their clients). */
const AGENTS = positiveSetting('BENCH_FANOUT_AGENTS', 10);
const CONNECT_CONCURRENCY = positiveSetting('BENCH_FANOUT_CONNECT_CONCURRENCY', 100);
const CONNECT_TIMEOUT_MS = positiveSetting('BENCH_FANOUT_CONNECT_TIMEOUT_SECONDS', 20) * 1000;
const BROADCAST_TIMEOUT_MS = positiveSetting('BENCH_FANOUT_BROADCAST_TIMEOUT_SECONDS', 10) * 1000;
const MAX_MINUTES = positiveSetting('BENCH_FANOUT_MAX_MINUTES', 10);
const INSTANCES = 2;
const LATENCY_TARGET_MS = 200;
const RSS_TARGET_MB = 300;
/** Files this process holds besides its client sockets (modules, Redis and database connections, stdio). */
const SPARE_FILES = 200;
const CUSTOMER_WA_ID = '4915123456789';

interface Client {
  instance: number;
  agent: number;
  socket?: Socket;
}

interface Broadcast {
  triggeredAt: number;
  /** The message of this broadcast, known from its first receipt. */
  messageId?: string;
  receivedAt: (number | undefined)[];
  received: number;
  onAll?: () => void;
}

/** The bench holds a socket per client and each api one per client of its own: it stops before EMFILE would. */
function checkOpenFileLimit(): void {
  const { soft, hard } = openFileLimit();
  const needed = CLIENTS + SPARE_FILES;
  if (soft >= needed) return;
  throw new Error(
    `the open-file limit (${soft}, hard ${hard}) is below the ${needed} files ${CLIENTS} clients need: run ` +
      `\`ulimit -n ${needed}\` in the shell first${hard < needed ? ' (as root: the hard limit is lower too)' : ''}`,
  );
}

async function createAgents(base: string, adminEmail: string, runId: string): Promise<string[]> {
  const adminToken = await signIn(base, adminEmail);
  const emails = Array.from({ length: AGENTS }, (_, index) => `fanout-${index}-${runId}@bench.example`);
  for (const email of emails) {
    const created = await fetch(`${base}/api/v1/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` },
      body: JSON.stringify({ email, password: BENCH_PASSWORD, name: email, role: 'agent' }),
    });
    if (created.status !== 201) throw new Error(`creating an agent answered ${created.status}`);
  }
  return Promise.all(emails.map((email) => signIn(base, email)));
}

async function measureFanout(run: BenchRun): Promise<void> {
  checkOpenFileLimit();
  out(`bench/fanout: ${machineLoad()}; ${CLIENTS} clients over ${INSTANCES} api instances, open-file limit ok`);
  const { tenant } = await startSeeder(run);
  const apis: RunningApp[] = [];
  for (let instance = 0; instance < INSTANCES; instance += 1) {
    // PORT 0: each instance listens on a free port of its own.
    const api = await startAppProcess('api', { ...run.environment, PORT: '0' });
    run.onEnd(() => api.stop());
    apis.push(api);
  }
  const worker = await startAppProcess('worker', run.environment);
  run.onEnd(() => worker.stop());
  const tokens = await createAgents(apis[0].url, `admin-${run.runId}@bench.example`, run.runId);
  const webhook = `${apis[0].url}/webhooks/whatsapp/${tenant.channelId}`;

  const clients: Client[] = Array.from({ length: CLIENTS }, (_, index) => ({
    instance: index % INSTANCES,
    agent: index % AGENTS,
  }));
  let current: Broadcast | undefined;
  const pastMessages = new Set<string>();
  const receive = (index: number, messageId: string): void => {
    const at = performance.now();
    // A receipt of an earlier broadcast arriving after its time was up is that broadcast's miss, not this one's.
    if (!current || pastMessages.has(messageId)) return;
    current.messageId ??= messageId;
    if (messageId !== current.messageId || current.receivedAt[index] !== undefined) return;
    current.receivedAt[index] = at;
    current.received += 1;
    if (current.received === CLIENTS) current.onAll?.();
  };
  const connect = async (index: number): Promise<void> => {
    const client = clients[index];
    const socket = await connectClient(apis[client.instance].url, tokens[client.agent], CONNECT_TIMEOUT_MS);
    socket.on('message.received', (event: { messageId: string }) => receive(index, event.messageId));
    client.socket = socket;
  };
  run.onEnd(async () => clients.forEach((client) => client.socket?.disconnect()));

  let sequence = 0;
  const broadcast = async (): Promise<Broadcast> => {
    const { body, headers } = signedWhatsappDelivery(CUSTOMER_WA_ID, `wamid.fanout-${run.runId}-${sequence++}`);
    const sent: Broadcast = { triggeredAt: performance.now(), receivedAt: new Array(CLIENTS), received: 0 };
    current = sent;
    const all = new Promise<void>((resolve) => {
      sent.onAll = resolve;
    });
    const status = await post(webhook, body, headers);
    if (status !== 200) throw new Error(`the webhook answered ${status}`);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([all, new Promise<void>((resolve) => (timer = setTimeout(resolve, BROADCAST_TIMEOUT_MS)))]);
    clearTimeout(timer);
    current = undefined;
    if (sent.messageId) pastMessages.add(sent.messageId);
    return sent;
  };

  const connectStarted = performance.now();
  const connected = await forEachBounded(CLIENTS, CONNECT_CONCURRENCY, connect);
  out(
    `connected ${CLIENTS - connected.failed.length}/${CLIENTS} clients, ${CONNECT_CONCURRENCY} at a time, in ` +
      `${fixed((performance.now() - connectStarted) / 1000, 2)} s; errors: ${describeErrors(connected.errors)}`,
  );
  if (connected.failed.length > 0) throw new Error('not every client could connect');
  const memory = (): string =>
    apis.map((api, index) => `api ${index + 1} ${fixed(residentMb(api.pid))} MB`).join('   ') +
    `   worker ${fixed(residentMb(worker.pid))} MB`;
  const connectedRss = apis.map((api) => residentMb(api.pid));
  out(`RSS with ${CLIENTS} connected: ${memory()}   (target ≤ ${RSS_TARGET_MB} MB each api)`);

  // The first delivery creates the customer and warms every process's code paths: printed, not measured.
  const warmUp = await broadcast();
  out(`warm-up broadcast (new customer, not measured): reached ${warmUp.received}/${CLIENTS}`);
  const measured: Broadcast[] = [];
  for (let index = 0; index < BROADCASTS; index += 1) measured.push(await broadcast());
  report(`${BROADCASTS} broadcasts`, measured, clients);
  out(`RSS after the broadcasts: ${memory()}`);

  const stormStarted = performance.now();
  for (const client of clients) client.socket?.disconnect();
  const storm = await forEachBounded(CLIENTS, CLIENTS, connect);
  const stormErrors = storm.failed.length;
  // Those refused come back as a console would, a bounded number at a time, until all are back or time is up.
  let retried = storm;
  for (let attempt = 0; attempt < 5 && retried.failed.length > 0; attempt += 1) {
    const left = retried.failed;
    retried = await forEachBounded(left.length, CONNECT_CONCURRENCY, (index) => connect(left[index]));
  }
  const back = clients.filter((client) => client.socket?.connected).length;
  out(
    `reconnect storm: all ${CLIENTS} disconnected and reconnected at once: ${stormErrors} errors ` +
      `(${describeErrors(storm.errors)}), ${back}/${CLIENTS} back after ` +
      `${fixed((performance.now() - stormStarted) / 1000, 2)} s`,
  );
  report('broadcast after the storm', [await broadcast()], clients);
  out(`RSS after the storm: ${memory()}`);
  out(
    `api RSS with ${CLIENTS} connected ≤ ${RSS_TARGET_MB} MB each: ` +
      `${connectedRss.every((rss) => rss <= RSS_TARGET_MB) ? 'met' : 'NOT met'}; reconnect storm without errors: ` +
      `${stormErrors === 0 && back === CLIENTS ? 'met' : 'NOT met'}`,
  );
  out(`load average at the end: ${loadAverage()}`);
}

function report(title: string, broadcasts: Broadcast[], clients: Client[]): void {
  const latencies: number[] = [];
  const spreads: number[] = [];
  const firsts: number[] = [];
  const byInstance: number[][] = Array.from({ length: INSTANCES }, () => []);
  let missed = 0;
  for (const sent of broadcasts) {
    const arrivals = sent.receivedAt.filter((at): at is number => at !== undefined);
    const first = Math.min(...arrivals);
    firsts.push(first - sent.triggeredAt);
    missed += CLIENTS - arrivals.length;
    sent.receivedAt.forEach((at, index) => {
      if (at === undefined) return;
      latencies.push(at - sent.triggeredAt);
      spreads.push(at - first);
      byInstance[clients[index].instance].push(at - sent.triggeredAt);
    });
  }
  const all = latencySummary(latencies);
  const spread = latencySummary(spreads);
  const first = latencySummary(firsts);
  out(`${title}, webhook request → each client's message.received (${latencies.length} receipts):`);
  out(
    `  p50 ${fixed(all.p50)} ms   p95 ${fixed(all.p95)} ms   p99 ${fixed(all.p99)} ms   ` +
      `max ${fixed(Math.max(...latencies))} ms   missed ${missed}   ` +
      `(target p99 ≤ ${LATENCY_TARGET_MS} ms, none missed: ${all.p99 <= LATENCY_TARGET_MS && missed === 0 ? 'met' : 'NOT met'})`,
  );
  out(
    `  of which webhook → first client p50 ${fixed(first.p50)} ms (ingest, worker, emitter); ` +
      `first → each client p50 ${fixed(spread.p50)} ms  p99 ${fixed(spread.p99)} ms  max ${fixed(Math.max(...spreads))} ms`,
  );
  out(
    `  by instance p99: ${byInstance
      .map((instance, index) => `api ${index + 1} ${fixed(latencySummary(instance).p99)} ms`)
      .join('   ')}`,
  );
}

runBench('fanout', (run) => withinMinutes(MAX_MINUTES, measureFanout(run)));
