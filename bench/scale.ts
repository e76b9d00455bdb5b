import 'reflect-metadata';
import { nameTokens } from '@app/domain';
import { Types } from 'mongoose';
import { signIn } from './agent.js';
import { startCountedApps, startRecording } from './counted-apps.js';
import { machineLoad } from './cpu.js';
import { fixed, out } from './print.js';
import { startSeeder } from './seeder.js';
import { runBench, type BenchRun } from './services.js';
import { positiveSetting } from './settings.js';
import { latencySummary } from './statistics.js';

/**
 * `npm run bench:scale` (part of P4, issue 16): customer search by name at growing tenant sizes. Seeds customers with
 * raw bulk inserts (name and `nameTokens` as the product writes them), then times BENCH_SCALE_SEARCHES searches
 * through GET /api/v1/customers?q= (api in this process, one at a time) and counts their database commands, at each
 * size of BENCH_SCALE_SIZES (default 10,000 and 1,000,000; the tenant grows from one size to the next), and prints
 * the ratio of the largest to the smallest (target ≤ 1.2). Only 127.0.0.1.
 */
const SIZES = (process.env.BENCH_SCALE_SIZES ?? '10000,1000000')
  .split(',')
  .map(Number)
  .filter((size) => Number.isInteger(size) && size > 0)
  .sort((a, b) => a - b);
const SEARCHES = positiveSetting('BENCH_SCALE_SEARCHES', 200);
const BATCH = 10_000;
const GIVEN = ['Anna', 'Jonas', 'Maria', 'José', 'Lena', 'Omar', 'Yuki', 'Søren', 'Chloé', 'Paul'];
const FAMILY = ['Kowalski', 'Müller', 'Silva', 'Nguyen', 'García', 'Okafor', 'Lefèvre', 'Berg', 'Kim', 'Rossi'];

/** The n-th customer's name: common given and family names, and a word of its own (`123q`, a prefix of no other). */
const nameOf = (n: number): string => `${GIVEN[n % GIVEN.length]} ${FAMILY[(n >> 4) % FAMILY.length]} ${n}q`;

async function measureScale(run: BenchRun): Promise<void> {
  out(`bench/scale: ${machineLoad()}; sizes ${SIZES.join(', ')}; ${SEARCHES} searches per size`);
  const { connection, tenant } = await startSeeder(run);
  const apps = await startCountedApps(run);
  const token = await signIn(apps.base, tenant.agentEmail);
  const tenantId = new Types.ObjectId(tenant.tenantId);
  const customers = connection.collection('customers');
  const rows: { size: number; p50: number; p95: number; commands: number }[] = [];
  let seeded = 0;
  for (const size of SIZES) {
    const seedStarted = performance.now();
    while (seeded < size) {
      const count = Math.min(BATCH, size - seeded);
      const now = new Date();
      await customers.insertMany(
        Array.from({ length: count }, (_, offset) => {
          const name = nameOf(seeded + offset);
          return {
            tenantId,
            name,
            nameTokens: nameTokens(name),
            kind: 'contact',
            contactData: [],
            uniqueIdentifiers: [],
            mergedInto: null,
            lastActiveAt: now,
            createdAt: now,
            updatedAt: now,
          };
        }),
        { ordered: false },
      );
      seeded += count;
    }
    out(`  ${size} customers (seeded in ${fixed((performance.now() - seedStarted) / 1000)} s)`);
    // A customer's own word and the prefix of its given name: one customer matches at every size.
    const queries = Array.from({ length: SEARCHES }, (_, index) => {
      const n = Math.floor(((index + 0.5) / SEARCHES) * size);
      return `${n}q ${GIVEN[n % GIVEN.length].slice(0, 3)}`;
    });
    const latencies: number[] = [];
    const stop = startRecording();
    for (const q of queries) {
      const started = performance.now();
      const response = await fetch(`${apps.base}/api/v1/customers?q=${encodeURIComponent(q)}&limit=25`, {
        headers: { authorization: `Bearer ${token}` },
      });
      const body = (await response.json()) as { items: unknown[] };
      latencies.push(performance.now() - started);
      if (response.status !== 200 || body.items.length !== 1) {
        throw new Error(`search ${q} answered ${response.status} with ${body.items?.length} customers`);
      }
    }
    const { commands } = stop();
    const { p50, p95 } = latencySummary(latencies);
    rows.push({ size, p50, p95, commands: commands.length / SEARCHES });
    out(
      `    search p50 ${fixed(p50)} ms  p95 ${fixed(p95)} ms  database commands per search ${fixed(commands.length / SEARCHES, 2)}`,
    );
  }
  const [smallest, largest] = [rows[0], rows[rows.length - 1]];
  out();
  out(`| customers | search p50 ms | search p95 ms | commands per search |`);
  out(`|---|---|---|---|`);
  for (const row of rows) out(`| ${row.size} | ${fixed(row.p50)} | ${fixed(row.p95)} | ${fixed(row.commands, 2)} |`);
  out(
    `ratio ${largest.size} / ${smallest.size}: p95 ${fixed(largest.p95 / smallest.p95, 2)}, ` +
      `commands ${fixed(largest.commands / smallest.commands, 2)} (target ≤ 1.2)`,
  );
}

runBench('scale', measureScale);
