import 'reflect-metadata';
import { Queue } from 'bullmq';
import pLimit from 'p-limit';
import { machineLoad, startCpuMeter } from './cpu.js';
import { post } from './load.js';
import { fixed, out } from './print.js';
import { qualityFigures, type QualityFigures, type ShownCustomer, type ShownSuggestion } from './quality-metrics.js';
import { generatePopulation, type Delivery, type Edit, type Population, type Sender } from './quality-population.js';
import { runBench, type BenchRun } from './services.js';
import { positiveSetting } from './settings.js';
import { latencySummary } from './statistics.js';
// The app runner and provider request builders the tests use (compiled into dist through these imports).
import { startAppProcess } from '../libs/testing/src/app-process.js';
import { createConnectorChannel } from '../libs/testing/src/ingress.js';
import { createTenantThroughCli, createWhatsappChannel, type WhatsappChannel } from '../libs/testing/src/e2e.js';
import { mailgunDelivery, twilioDelivery, type Delivery as Request } from '../libs/testing/src/provider-deliveries.js';
import { whatsappHeaders } from '../libs/testing/src/providers.js';
import type { TestEnvironment } from '../libs/testing/src/test-env.js';

/**
 * `npm run bench:quality`: a labelled population (quality-population.ts) through the public api of a running stack
 * (api and worker processes on local services, 127.0.0.1 only): signed WhatsApp, Twilio and Mailgun deliveries, then
 * agents' edits and a shop's identify calls; once the worker has drained, customers and suggestions read back through
 * the api and scored against the labels (quality-metrics.ts). One database per size.
 */
const SIZES = (process.env.BENCH_QUALITY_SIZES ?? '1000,10000,100000')
  .split(',')
  .map((size) => Number(size.trim()))
  .filter((size) => Number.isInteger(size) && size > 0);
const SEED = positiveSetting('BENCH_QUALITY_SEED', 16);
/** Deliveries in flight at once: enough to keep the api busy, few enough not to time out on two cores. */
const CONCURRENCY = positiveSetting('BENCH_QUALITY_CONCURRENCY', 24);
/** A size that takes longer than this stops and reports what it has (bounded in time). */
const MAX_MINUTES_PER_SIZE = positiveSetting('BENCH_QUALITY_MAX_MINUTES', 45);
const PUBLIC_URL = 'https://quality.bench.example';
const SMS = {
  accountSid: 'AC0123456789abcdef0123456789abcdef',
  authToken: 'bench-twilio-token',
  phoneNumber: '+15550100000',
};
const EMAIL = { address: 'help@quality.bench.example', signingKey: 'bench-mailgun-key' };
/** Mailgun's verdict on a sender that proved its address (DKIM aligned with From). */
const DKIM_PASS = { 'X-Mailgun-Dkim-Check-Result': 'Pass' };

interface Stack {
  base: string;
  agent: string;
  connectorKey: string;
  whatsapp: WhatsappChannel;
  sms: typeof SMS & { id: string };
  email: typeof EMAIL & { id: string };
}

/** The bench's phases, in the order they run. */
const PHASES = ['deliveries', 'drain', 'edits', 'settle', 'read'] as const;
type Phase = (typeof PHASES)[number];

/** CPU seconds of each process during a phase: where a phase's wall time went on a shared machine. */
type PhaseCpu = Record<'api' | 'worker' | 'mongo' | 'redis' | 'bench', number>;

/** Milliseconds of each request of the edit phase, by the step of the edit it was. */
interface EditTimes {
  search: number[];
  patch: number[];
  identify: number[];
}

interface Row {
  size: number;
  population: Population;
  figures: QualityFigures;
  seconds: Record<Phase | 'total', number>;
  cpu: Record<Phase, PhaseCpu>;
  editTimes: EditTimes;
}

async function measureQuality(run: BenchRun): Promise<void> {
  out(`bench/quality: ${machineLoad()}; sizes ${SIZES.join(', ')}; seed ${SEED}`);
  const rows: Row[] = [];
  for (const size of SIZES) {
    const row = await measureSize(run, size);
    rows.push(row);
    printRow(row);
  }
  out();
  out(
    '| persons | customers | auto-merge precision / recall | suggestion precision | suggestion recall | households blocked | minutes |',
  );
  out('|---|---|---|---|---|---|---|');
  for (const { population, figures, seconds } of rows) {
    out(
      `| ${population.persons} | ${figures.customers} | ${fixed(figures.autoMerge.precision, 3)} / ` +
        `${fixed(figures.autoMerge.recall, 3)} | ${fixed(figures.suggestions.precision, 3)} | ` +
        `${fixed(figures.suggestions.recall, 3)} | ${figures.households.blocked}/${figures.households.total} | ` +
        `${fixed(seconds.total / 60)} |`,
    );
  }
}

async function measureSize(run: BenchRun, size: number): Promise<Row> {
  const started = performance.now();
  const deadline = started + MAX_MINUTES_PER_SIZE * 60_000;
  const population = generatePopulation(size, SEED);
  out(
    `\n${population.persons} persons: ${population.deliveries.length} deliveries, ${population.edits.length} edits ` +
      `(${Object.entries(population.kinds)
        .map(([kind, count]) => `${kind} ${count}`)
        .join(', ')})`,
  );
  const environment: Record<string, string> = {
    ...run.environment,
    MONGODB_DB: `${run.environment.MONGODB_DB}_${size}`,
    PUBLIC_URL,
  };
  const [api, worker] = await Promise.all([
    startAppProcess('api', environment),
    startAppProcess('worker', environment),
  ]);
  try {
    const stack = await prepareTenant(api.url, environment, size);
    const queues = // Not merges: its stuck-operation sweep is always delayed.
      ['inbound', 'suggestions'].map((name) => new Queue(name, { connection: { url: environment.REDIS_URL } }));
    try {
      const personOfSender = new Map<string, number>();
      const editTimes: EditTimes = { search: [], patch: [], identify: [] };
      const pids = {
        api: api.pid,
        worker: worker.pid,
        mongo: run.services.mongo.process?.pid,
        redis: run.services.redis.process?.pid,
      };
      const seconds = {} as Row['seconds'];
      const cpu = {} as Row['cpu'];
      const timed = async <T>(phase: Phase, work: () => Promise<T>): Promise<T> => {
        const cpuUsed = startCpuMeter(pids);
        const phaseStarted = performance.now();
        const result = await work();
        seconds[phase] = (performance.now() - phaseStarted) / 1000;
        cpu[phase] = cpuUsed();
        return result;
      };
      await timed('deliveries', () => sendDeliveries(stack, population.deliveries, size, personOfSender, deadline));
      await timed('drain', () => drained(queues, deadline));
      const personOfCustomer = await timed('edits', () => applyEdits(stack, population.edits, deadline, editTimes));
      await timed('settle', () => drained(queues, deadline));
      const [customers, suggestions] = await timed('read', () =>
        Promise.all([readCustomers(stack), readSuggestions(stack)]),
      );
      seconds.total = (performance.now() - started) / 1000;
      const figures = qualityFigures({
        customers,
        suggestions,
        personOfSender,
        personOfCustomer,
        households: population.households,
        kindOfPerson: population.kindOfPerson,
      });
      return { size, population, figures, seconds, cpu, editTimes };
    } finally {
      await Promise.all(queues.map((queue) => queue.close()));
    }
  } finally {
    await Promise.all([api.stop(), worker.stop()]);
  }
}

/** A tenant as an operator and its admin make one: channels, loyalty cards as a unique identifier, an agent. */
async function prepareTenant(base: string, environment: Record<string, string>, size: number): Promise<Stack> {
  const tenant = await createTenantThroughCli(environment as unknown as TestEnvironment, base, `quality${size}`);
  const { admin } = tenant;
  const whatsapp = await createWhatsappChannel(admin, '106540352242922', 'bench-quality-app-secret');
  const sms = await admin.post('/api/v1/channels', { kind: 'sms', name: 'SMS', config: SMS });
  const email = await admin.post('/api/v1/channels', {
    kind: 'email',
    name: 'Email',
    config: { addresses: [EMAIL.address], mailgunSigningKey: EMAIL.signingKey },
  });
  const settings = await admin.get('/api/v1/settings/identity');
  const saved = await admin.put('/api/v1/settings/identity', {
    uniqueIdentifierTypes: [{ type: 'loyaltyCard', doNotMergeDifferent: true }],
    accessGrantingContactTypes: settings.body.accessGrantingContactTypes,
    primaryIdentifier: settings.body.primaryIdentifier,
    skipSecondary: settings.body.skipSecondary,
    enforceUniqueBy: settings.body.enforceUniqueBy,
    sharedContactThreshold: settings.body.sharedContactThreshold,
    blocklist: settings.body.blocklist,
  });
  if (saved.status !== 200) throw new Error(`saving the identity settings answered ${saved.status}: ${saved.text}`);
  const connector = await createConnectorChannel(admin, 'api');
  const agent = await tenant.addUser('agent', 'agent');
  return {
    base,
    agent: agent.client.token,
    connectorKey: connector.key,
    whatsapp,
    sms: { ...SMS, id: sms.body.id },
    email: { ...EMAIL, id: email.body.id },
  };
}

const senderKeyOf = (delivery: Delivery): string =>
  delivery.kind === 'whatsapp'
    ? `whatsapp:+${delivery.waId}`
    : delivery.kind === 'sms'
      ? `sms:${delivery.from}`
      : `email:${delivery.from.toLowerCase()}`;

function providerRequest(stack: Stack, delivery: Delivery, size: number): Request {
  const id = `${size.toString(16).padStart(8, '0')}${delivery.serial.toString(16).padStart(24, '0')}`;
  switch (delivery.kind) {
    case 'whatsapp': {
      const body = whatsappBody(stack.whatsapp.phoneNumberId, delivery.waId, delivery.profileName, `wamid.Q${id}`);
      return {
        path: `/webhooks/whatsapp/${stack.whatsapp.id}`,
        headers: whatsappHeaders(body, stack.whatsapp.appSecret),
        body,
      };
    }
    case 'sms':
      return twilioDelivery(stack.sms, PUBLIC_URL, delivery.from, `SM${id}`);
    case 'email':
      return mailgunDelivery(stack.email, `${delivery.displayName} <${delivery.from}>`, `q${id}@customer.example`, {
        verdict: DKIM_PASS,
      });
  }
}

/** A WhatsApp Cloud API text delivery whose sender's profile carries the person's name as they wrote it. */
function whatsappBody(phoneNumberId: string, waId: string, profileName: string, messageId: string): string {
  return JSON.stringify({
    object: 'whatsapp_business_account',
    entry: [
      {
        id: '102290129340398',
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: '15550783881', phone_number_id: phoneNumberId },
              contacts: [{ profile: { name: profileName }, wa_id: waId }],
              messages: [
                {
                  from: waId,
                  id: messageId,
                  timestamp: String(Math.floor(Date.now() / 1000)),
                  type: 'text',
                  text: { body: 'Hello, about my order' },
                },
              ],
            },
          },
        ],
      },
    ],
  });
}

async function sendDeliveries(
  stack: Stack,
  deliveries: Delivery[],
  size: number,
  personOfSender: Map<string, number>,
  deadline: number,
): Promise<void> {
  const limit = pLimit(CONCURRENCY);
  const refused = new Map<number, number>();
  let sent = 0;
  const started = performance.now();
  await Promise.all(
    deliveries.map((delivery) =>
      limit(async () => {
        if (performance.now() > deadline) throw new Error('out of time while sending deliveries');
        personOfSender.set(senderKeyOf(delivery), delivery.person);
        const request = providerRequest(stack, delivery, size);
        let status = 0;
        for (let attempt = 0; attempt < 3 && (status < 200 || status >= 300); attempt += 1) {
          status = await post(`${stack.base}${request.path}`, request.body, request.headers).catch(() => 0);
        }
        if (status < 200 || status >= 300) refused.set(status, (refused.get(status) ?? 0) + 1);
        sent += 1;
        if (sent % 5000 === 0)
          out(`  ${sent} deliveries sent (${fixed(sent / ((performance.now() - started) / 1000))}/s)`);
      }),
    ),
  );
  if (refused.size > 0)
    out(`  refused deliveries: ${[...refused].map(([status, count]) => `${count}×${status}`).join(', ')}`);
}

/** Until no queue has a job waiting, delayed or running (polled: the bench is not one of the worker's processes). */
async function drained(queues: Queue[], deadline: number): Promise<void> {
  for (;;) {
    const counts = await Promise.all(
      queues.map((queue) => queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized')),
    );
    const left = counts.reduce((sum, count) => sum + Object.values(count).reduce((a, b) => a + b, 0), 0);
    if (left === 0) return;
    if (performance.now() > deadline) throw new Error(`out of time with ${left} jobs queued`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** The fields of the api's answers the bench reads. */
interface ApiBody {
  items?: unknown[];
  nextCursor?: string | null;
  code?: string;
  customer?: { id: string };
}

async function call(
  stack: Stack,
  method: string,
  path: string,
  token: string,
  body?: object,
): Promise<{ status: number; body?: ApiBody }> {
  const response = await fetch(`${stack.base}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as ApiBody) : undefined };
}

/** The customer holding a sender's identity, as an agent finds it: by searching its address. */
async function customerOf(stack: Stack, sender: Sender): Promise<string | undefined> {
  const found = await call(
    stack,
    'GET',
    `/api/v1/customers?q=${encodeURIComponent(sender.address)}&limit=100`,
    stack.agent,
  );
  const items = (found.body?.items ?? []) as ShownCustomer[];
  return items.find((customer) =>
    customer.identities.some((identity) => identity.kind === sender.channel && identity.address === sender.address),
  )?.id;
}

/** Agents' edits and the shop's identify calls; answers the customers identify calls answered with, by person. */
async function applyEdits(
  stack: Stack,
  edits: Edit[],
  deadline: number,
  times: EditTimes,
): Promise<Map<string, number>> {
  const limit = pLimit(8);
  const personOfCustomer = new Map<string, number>();
  const failures = new Map<string, number>();
  const fail = (reason: string): void => void failures.set(reason, (failures.get(reason) ?? 0) + 1);
  await Promise.all(
    edits.map((edit) =>
      limit(async () => {
        if (performance.now() > deadline) throw new Error('out of time while editing');
        const stepStarted = performance.now();
        const took = (step: keyof EditTimes): void => void times[step].push(performance.now() - stepStarted);
        if (edit.kind === 'identify') {
          const answer = await call(stack, 'POST', '/api/v1/customers/identify', stack.connectorKey, {
            requestId: edit.requestId,
            ...(edit.phone
              ? { phone: edit.phone.text, ...(edit.phone.country ? { country: edit.phone.country } : {}) }
              : {}),
            ...(edit.email ? { email: edit.email } : {}),
            ...(edit.name ? { name: edit.name } : {}),
          });
          took('identify');
          if (answer.status >= 300) return fail(`identify ${answer.status} ${answer.body?.code ?? ''}`);
          if (answer.body?.customer) personOfCustomer.set(answer.body.customer.id, edit.person);
          return;
        }
        const customerId = await customerOf(stack, edit.target);
        took('search');
        if (!customerId) return fail('profile not found');
        const patchStarted = performance.now();
        const patched = await call(stack, 'PATCH', `/api/v1/customers/${customerId}`, stack.agent, {
          ...(edit.name ? { name: edit.name } : {}),
          ...(edit.member ? { kind: 'member' } : {}),
          addContactData: [
            ...(edit.phones ?? []).map((phone) => ({
              type: 'phone',
              value: phone.text,
              ...(phone.country ? { country: phone.country } : {}),
            })),
            ...(edit.emails ?? []).map((value) => ({ type: 'email', value })),
          ],
          ...(edit.loyaltyCard ? { addUniqueIdentifiers: [{ type: 'loyaltyCard', value: edit.loyaltyCard }] } : {}),
        });
        times.patch.push(performance.now() - patchStarted);
        if (patched.status !== 200) fail(`patch ${patched.status} ${patched.body?.code ?? ''}`);
      }),
    ),
  );
  if (failures.size > 0)
    out(`  edits that failed: ${[...failures].map(([reason, count]) => `${count}× ${reason}`).join(', ')}`);
  return personOfCustomer;
}

async function readAll<T>(stack: Stack, path: string): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  do {
    const separator = path.includes('?') ? '&' : '?';
    const page = await call(
      stack,
      'GET',
      `${path}${separator}limit=100${cursor ? `&cursor=${cursor}` : ''}`,
      stack.agent,
    );
    if (page.status !== 200) throw new Error(`GET ${path} answered ${page.status}`);
    items.push(...((page.body?.items ?? []) as T[]));
    cursor = page.body?.nextCursor ?? null;
  } while (cursor);
  return items;
}

const readCustomers = (stack: Stack) => readAll<ShownCustomer>(stack, '/api/v1/customers');
const readSuggestions = (stack: Stack) => readAll<ShownSuggestion>(stack, '/api/v1/suggestions?status=open,blocked');

function printRow({ population, figures, seconds, cpu, editTimes }: Row): void {
  const { autoMerge, suggestions, households } = figures;
  out(
    `  ${population.persons} persons → ${figures.customers} customers` +
      `${figures.unlabelled ? ` (${figures.unlabelled} identities not labelled)` : ''}; ` +
      `auto-merge precision ${fixed(autoMerge.precision, 3)} recall ${fixed(autoMerge.recall, 3)} ` +
      `(${autoMerge.pairs} identity pairs in one customer)`,
  );
  out(
    `  suggestions open ${suggestions.open}: precision ${fixed(suggestions.precision, 3)} ` +
      `(${suggestions.falsePairs} pair different people), recall ${fixed(suggestions.recall, 3)} ` +
      `(${suggestions.missedPairs} pairs of one person's customers not connected)`,
  );
  if (suggestions.falseByCause.length > 0) {
    const causes = suggestions.falseByCause.slice(0, 8).map(([cause, count]) => `${count} × ${cause}`);
    out(`  wrong suggestions by rule and kinds of people: ${causes.join('; ')}`);
  }
  out(
    `  households ${households.total}: blocked ${households.blocked}, open ${households.open}, no suggestion ${households.none}`,
  );
  const perSecond = (count: number, phase: Phase): string => `${fixed(count / seconds[phase])}/s`;
  out(
    `  seconds: deliveries ${fixed(seconds.deliveries)} (${perSecond(population.deliveries.length, 'deliveries')}), ` +
      `waiting for the worker ${fixed(seconds.drain)}, edits ${fixed(seconds.edits)} ` +
      `(${perSecond(population.edits.length, 'edits')}), waiting again ${fixed(seconds.settle)}, ` +
      `reading back ${fixed(seconds.read)}, in all ${fixed(seconds.total)}`,
  );
  for (const phase of PHASES) {
    const used = cpu[phase];
    out(
      `  CPU seconds in ${phase.padEnd(10)}: api ${fixed(used.api)}  worker ${fixed(used.worker)}  ` +
        `database ${fixed(used.mongo)}  redis ${fixed(used.redis)}  bench ${fixed(used.bench)}`,
    );
  }
  for (const step of ['search', 'patch', 'identify'] as const) {
    const times = editTimes[step];
    if (times.length === 0) continue;
    const { p50, p95 } = latencySummary(times);
    const mean = times.reduce((sum, time) => sum + time, 0) / times.length;
    out(
      `  edit step ${step.padEnd(8)}: ${times.length} requests, ms mean ${fixed(mean)} p50 ${fixed(p50)} p95 ${fixed(p95)}`,
    );
  }
}

runBench('quality', measureQuality);
