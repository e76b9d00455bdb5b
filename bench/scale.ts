import 'reflect-metadata';
import { customerMatchKeys, identityMatchKeys, nameSearchFields } from '@app/domain';
import { Types, type Connection } from 'mongoose';
import { signIn } from './agent.js';
import { labelMethod, NO_PHASE, startCountedApps, startRecording, type CommandRecord } from './counted-apps.js';
import { loadAverage, machineLoad } from './cpu.js';
import { post } from './load.js';
import { phoneOf } from './matching-deliveries.js';
import { fixed, out } from './print.js';
import { startSeeder } from './seeder.js';
import { runBench, type BenchRun } from './services.js';
import { positiveSetting } from './settings.js';
import { latencySummary } from './statistics.js';
import { measureSuggestionChecks } from './suggestion-check-commands.js';
import { signedWhatsappDelivery } from './whatsapp.js';

/**
 * `npm run bench:scale` (P4, issue 16): what one message, one duplicate check and one name search cost at growing
 * tenant sizes. Seeds customers with raw bulk inserts — each with a name, a contact email, a WhatsApp identity and its
 * owner record, and the fields the product derives from them (match keys, name tokens and prefixes, by the domain's
 * own functions) — then at each size of BENCH_SCALE_SIZES (default 10,000 and 1,000,000; the tenant grows from one
 * size to the next), one at a time: BENCH_SCALE_MESSAGES WhatsApp deliveries from known identities and as many from
 * new numbers through the webhook into the worker, BENCH_SCALE_CHECKS duplicate checks, BENCH_SCALE_SEARCHES name
 * searches through the api, after BENCH_SCALE_WARM_UP unmeasured ones of each kind. Database commands per operation
 * and p95 latency, and the largest / smallest ratio (target ≤ 1.2). Only 127.0.0.1.
 */
const SIZES = (process.env.BENCH_SCALE_SIZES ?? '10000,1000000')
  .split(',')
  .map(Number)
  .filter((size) => Number.isInteger(size) && size > 0)
  .sort((a, b) => a - b);
const SEARCHES = positiveSetting('BENCH_SCALE_SEARCHES', 200);
const MESSAGES = positiveSetting('BENCH_SCALE_MESSAGES', 100);
const CHECKS = positiveSetting('BENCH_SCALE_CHECKS', 200);
const BATCH = 5_000;
/** Operations of each kind run unmeasured first at each size (on other customers), so that no size pays for warming up. */
const WARM_UP = positiveSetting('BENCH_SCALE_WARM_UP', 100);
/** New numbers come from far above every seeded one. */
const NEW_NUMBERS_FROM = 8_000_000;
const GIVEN = ['Anna', 'Jonas', 'Maria', 'José', 'Lena', 'Omar', 'Yuki', 'Søren', 'Chloé', 'Paul'];
const FAMILY = ['Kowalski', 'Müller', 'Silva', 'Nguyen', 'García', 'Okafor', 'Lefèvre', 'Berg', 'Kim', 'Rossi'];

/** The n-th customer's name: common given and family names, and a word of its own (`123q`, a prefix of no other). */
const nameOf = (n: number): string => `${GIVEN[n % GIVEN.length]} ${FAMILY[(n >> 4) % FAMILY.length]} ${n}q`;
const LETTERS = 'abcdefghijklmnopqrstuvwxyz';
const LOCAL_SPACE = 26 ** 8;
/**
 * Eight letters of its own per number (a bijection: the multiplier is prime to 26), scattered so that one-edit
 * neighbours are as rare among a million as among ten thousand: `scale-17@` … `scale-18@` would make every check find
 * more similar emails the more digits the numbers have, a cost of the population, not of its size.
 */
function localPartOf(n: number): string {
  let code = (n * 2_654_435_761) % LOCAL_SPACE;
  let letters = '';
  for (let position = 0; position < 8; position++, code = Math.floor(code / 26)) letters += LETTERS[code % 26];
  return letters;
}
/** Every tenth customer (n ending in 1) has the address of the one before it with two letters swapped: a typo twin. */
function emailOf(n: number): string {
  if (n % 10 !== 1) return `${localPartOf(n)}@bench.example`;
  const twin = localPartOf(n - 1);
  return `${twin.slice(0, 3)}${twin[4]}${twin[3]}${twin.slice(5)}@bench.example`;
}

/**
 * `count` spread evenly over the first `size` customers, each last digit (twins and not) as often at every size;
 * another `shift` gives other customers near the same places.
 */
const spread = (size: number, count: number, shift = 0): number[] =>
  Array.from({ length: count }, (_, index) => {
    const n = Math.floor(((index + 0.5) / count) * size);
    return Math.min(size - 1, n - (n % 10) + (index % 10) + 10 * shift);
  });

/** Ids of the customers seeded so far, by number (what the checks run on). */
const customerIds: Types.ObjectId[] = [];

/** Customers `from` … `from + count - 1`, with identity and owner record, as the product stores them. */
async function seedBatch(connection: Connection, tenantId: Types.ObjectId, from: number, count: number): Promise<void> {
  const now = new Date();
  const channelId = new Types.ObjectId();
  const numbers = Array.from({ length: count }, (_, offset) => from + offset);
  const ids = numbers.map(() => new Types.ObjectId());
  customerIds.push(...ids);
  await connection.collection('customers').insertMany(
    numbers.map((n, position) => {
      const contactData = [{ type: 'email' as const, value: emailOf(n), display: emailOf(n), grantsAccess: false }];
      return {
        _id: ids[position],
        tenantId,
        name: nameOf(n),
        ...nameSearchFields(nameOf(n)),
        kind: 'contact',
        contactData,
        uniqueIdentifiers: [],
        matchKeys: customerMatchKeys({ contactData, uniqueIdentifiers: [] }),
        lastActiveAt: now,
        mergedInto: null,
        createdAt: now,
        updatedAt: now,
      };
    }),
    { ordered: false },
  );
  await connection.collection('identities').insertMany(
    numbers.map((n, position) => ({
      tenantId,
      customerId: ids[position],
      key: `whatsapp:${phoneOf(n)}`,
      kind: 'whatsapp',
      channelId,
      anonymous: false,
      identifierType: 'phone',
      address: phoneOf(n),
      displayAddress: phoneOf(n),
      matchKeys: identityMatchKeys({ anonymous: false, identifierType: 'phone', address: phoneOf(n) }),
      checkPending: false,
      createdAt: now,
      updatedAt: now,
    })),
    { ordered: false },
  );
  await connection.collection('identifier_owners').insertMany(
    numbers.map((n, position) => ({
      tenantId,
      identifierType: 'phone',
      value: phoneOf(n),
      customerId: ids[position],
      createdAt: now,
      updatedAt: now,
    })),
    { ordered: false },
  );
}

interface Measured {
  commands: number;
  /** The database's round trips of one operation, summed: what a scan would swell, whatever the machine's load. */
  databaseMs: number;
  p95: number;
}

const databaseMsOf = (records: CommandRecord[]): number => records.reduce((sum, record) => sum + (record.ms ?? 0), 0);

interface Row {
  size: number;
  known: Measured;
  fresh: Measured;
  check: Measured;
  search: Measured;
}

async function measureScale(run: BenchRun): Promise<void> {
  out(`bench/scale: ${machineLoad()}; sizes ${SIZES.join(', ')}`);
  const { connection, tenant } = await startSeeder(run);
  const apps = await startCountedApps(run);
  const { InboundIngestionService, SuggestionFinderService } = await import('@app/identity');
  const ingestion = apps.worker.get(InboundIngestionService);
  labelMethod('worker', apps.worker.get(SuggestionFinderService), 'check', () => 'check');
  labelMethod('worker', ingestion, 'ingest', () => 'ingest');
  const ingested = watchIngestion(ingestion);
  const token = await signIn(apps.base, tenant.agentEmail);
  const tenantId = new Types.ObjectId(tenant.tenantId);
  const webhook = `${apps.base}/webhooks/whatsapp/${tenant.channelId}`;

  /** Each delivery alone: from the webhook call until the worker has stored it and run the check it queued. */
  const deliver = async (numbers: number[], label: string, round: number): Promise<Measured> => {
    const isNew = numbers[0] >= NEW_NUMBERS_FROM;
    const latencies: number[] = [];
    let commands = 0;
    let databaseMs = 0;
    for (const n of numbers) {
      const checksBefore = apps.checksDone();
      const stop = startRecording();
      const started = performance.now();
      const done = ingested.next();
      const { body, headers } = signedWhatsappDelivery(phoneOf(n).slice(1), `wamid.scale-${label}-${round}-${n}`);
      const status = await post(webhook, body, headers);
      if (status !== 200) throw new Error(`the webhook answered ${status}`);
      await done;
      latencies.push(performance.now() - started);
      if (isNew) await waitUntil(() => apps.checksDone() > checksBefore, `the check of ${phoneOf(n)}`);
      // The message's own commands: the webhook's and the ingest's (its check is measured on its own).
      const own = stop().commands.filter(isIngestCommand);
      commands += own.length;
      databaseMs += databaseMsOf(own);
    }
    return {
      commands: commands / numbers.length,
      databaseMs: databaseMs / numbers.length,
      p95: latencySummary(latencies).p95,
    };
  };

  /** The same work unmeasured at each size, so that no size pays for the first compilation of a path. */
  const warmUp = async (size: number, round: number): Promise<void> => {
    const few = spread(size, WARM_UP, 1);
    await deliver(few, 'warm-known', round);
    await deliver(
      few.map((_, index) => NEW_NUMBERS_FROM + 500_000 + round * WARM_UP + index),
      'warm-new',
      round,
    );
    await measureSuggestionChecks(
      apps.worker,
      tenant.tenantId,
      few.map((n) => customerIds[n].toHexString()),
    );
    await measureSearches(apps.base, token, size, WARM_UP);
  };

  const rows: Row[] = [];
  let seeded = 0;
  for (const [round, size] of SIZES.entries()) {
    const seedStarted = performance.now();
    while (seeded < size) {
      const count = Math.min(BATCH, size - seeded);
      await seedBatch(connection, tenantId, seeded, count);
      seeded += count;
      if (seeded % 50_000 === 0) {
        out(`  … ${seeded} seeded (${fixed((performance.now() - seedStarted) / 1000)} s, load ${loadAverage()})`);
      }
    }
    out(`  ${size} customers (seeded in ${fixed((performance.now() - seedStarted) / 1000)} s)`);

    await warmUp(size, round);
    const known = await deliver(spread(size, MESSAGES), 'known', round);
    const fresh = await deliver(
      Array.from({ length: MESSAGES }, (_, index) => NEW_NUMBERS_FROM + round * MESSAGES + index),
      'new',
      round,
    );
    const checked = await measureSuggestionChecks(
      apps.worker,
      tenant.tenantId,
      spread(size, CHECKS).map((n) => customerIds[n].toHexString()),
    );
    const check = { commands: checked.commandsPerCheck, databaseMs: checked.databaseMsPerCheck, p95: checked.p95 };
    const byCommand = Object.entries(checked.byCommand).map(([command, count]) => `${command} ${fixed(count, 2)}`);
    out(`    check commands: ${byCommand.join(', ')}`);
    const search = await measureSearches(apps.base, token, size);
    const row = { size, known, fresh, check, search };
    rows.push(row);
    out(`    ${describe(row)}`);
  }
  printTable(rows);
  out(`load average at the end: ${loadAverage()}`);
}

/** Commands of a delivery: the api's (the webhook) and the worker's while it ingests. */
const isIngestCommand = (record: CommandRecord): boolean =>
  record.side === 'api' ? record.phase === NO_PHASE : record.phase === 'ingest';

/** Resolves, once per call of `next`, when the worker's next ingest has finished. */
function watchIngestion(ingestion: object): { next(): Promise<void> } {
  const holder = ingestion as { ingest: (...args: unknown[]) => Promise<unknown> };
  const original = holder.ingest;
  let waiting: { resolve: () => void; reject: (error: unknown) => void } | undefined;
  holder.ingest = async (...args: unknown[]) => {
    try {
      const result = await original.apply(ingestion, args);
      waiting?.resolve();
      return result;
    } catch (error) {
      waiting?.reject(error);
      throw error;
    }
  };
  return {
    next: () =>
      withTimeout(new Promise<void>((resolve, reject) => (waiting = { resolve, reject })), 'the ingest of a delivery'),
  };
}

const BOUND_MS = 60_000;

function withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took over ${BOUND_MS} ms`)), BOUND_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function waitUntil(condition: () => boolean, what: string): Promise<void> {
  const deadline = performance.now() + BOUND_MS;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`${what} took over ${BOUND_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** A customer's own word and the prefix of its given name: one customer matches at every size. */
async function measureSearches(base: string, token: string, size: number, searches = SEARCHES): Promise<Measured> {
  const latencies: number[] = [];
  const stop = startRecording();
  for (const n of spread(size, searches)) {
    const q = `${n}q ${GIVEN[n % GIVEN.length].slice(0, 3)}`;
    const started = performance.now();
    const response = await fetch(`${base}/api/v1/customers?q=${encodeURIComponent(q)}&limit=25`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const body = (await response.json()) as { items: unknown[] };
    latencies.push(performance.now() - started);
    if (response.status !== 200 || body.items.length !== 1) {
      throw new Error(`search ${q} answered ${response.status} with ${body.items?.length} customers`);
    }
  }
  const commands = stop().commands.filter((record) => record.side === 'api');
  return {
    commands: commands.length / searches,
    databaseMs: databaseMsOf(commands) / searches,
    p95: latencySummary(latencies).p95,
  };
}

const cells = (measured: Measured): string =>
  `${fixed(measured.commands, 2)} | ${fixed(measured.databaseMs, 2)} | ${fixed(measured.p95)}`;

function describe(row: Row): string {
  return (
    `known sender ${fixed(row.known.commands, 2)} commands (${fixed(row.known.databaseMs, 2)} ms in the database), ` +
    `p95 ${fixed(row.known.p95)} ms; ` +
    `new number ${fixed(row.fresh.commands, 2)} (${fixed(row.fresh.databaseMs, 2)}), ${fixed(row.fresh.p95)} ms; ` +
    `check ${fixed(row.check.commands, 2)} (${fixed(row.check.databaseMs, 2)}), ${fixed(row.check.p95)} ms; ` +
    `search ${fixed(row.search.commands, 2)} (${fixed(row.search.databaseMs, 2)}), ${fixed(row.search.p95)} ms`
  );
}

function printTable(rows: Row[]): void {
  const [smallest, largest] = [rows[0], rows[rows.length - 1]];
  const ratio = (pick: (row: Row) => number): string => fixed(pick(largest) / pick(smallest), 2);
  out();
  out(
    `| customers | known sender: commands | db ms | p95 ms | new number: commands | db ms | p95 ms | ` +
      `check: commands | db ms | p95 ms | search: commands | db ms | p95 ms |`,
  );
  out(`|---|---|---|---|---|---|---|---|---|---|---|---|---|`);
  for (const row of rows) {
    out(`| ${row.size} | ${cells(row.known)} | ${cells(row.fresh)} | ${cells(row.check)} | ${cells(row.search)} |`);
  }
  const kinds = ['known', 'fresh', 'check', 'search'] as const;
  out(
    `| ratio ${largest.size} / ${smallest.size} | ` +
      kinds
        .flatMap((kind) =>
          (['commands', 'databaseMs', 'p95'] as const).map((field) => ratio((row) => row[kind][field])),
        )
        .join(' | ') +
      ' |',
  );
  out('(target: every ratio ≤ 1.2; db ms is the sum of the driver-timed round trips of one operation)');
}

runBench('scale', measureScale);
