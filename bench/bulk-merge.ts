import 'reflect-metadata';
import { signIn } from './agent.js';
import { startCountedApps, startRecording, tally } from './counted-apps.js';
import { machineLoad } from './cpu.js';
import { fixed, out } from './print.js';
import { startSeeder } from './seeder.js';
import { runBench, type BenchRun } from './services.js';
import { positiveSetting } from './settings.js';

/**
 * `npm run bench:bulk`: one bulk merge of BENCH_PAIRS pairs (customers seeded through the repository, each victim
 * with a phone), POST /api/v1/merges/bulk by an admin with the api and the worker in this process: pairs/s of the
 * job (from the worker taking it to its last pair, as its report says), database commands per pair, and the answer
 * to the same idempotency key again. Bounded by BENCH_TIMEOUT_SECONDS. Only 127.0.0.1.
 */
const PAIRS = positiveSetting('BENCH_PAIRS', 1_000);
const TIMEOUT_MS = positiveSetting('BENCH_TIMEOUT_SECONDS', 900) * 1_000;
const PROGRESS_EVERY_MS = 1_000;

interface BulkView {
  status: string;
  progress: { total: number; done: number; outcomes: Record<string, number> };
  report: { durationMs: number } | null;
}

async function measureBulkMerge(run: BenchRun): Promise<void> {
  out(`bench/bulk-merge: ${PAIRS} pairs; ${machineLoad()}`);
  const { tenant } = await startSeeder(run);
  const { api, base } = await startCountedApps(run);
  const [{ CustomerRepository }, { seedBulkPairs }] = await Promise.all([
    import('@app/persistence'),
    import('@app/testing'),
  ]);
  const seedStarted = performance.now();
  const pairs = await seedBulkPairs(api.get(CustomerRepository), tenant.tenantId, PAIRS, 'bench');
  out(`  seeded ${PAIRS * 2} customers in ${fixed((performance.now() - seedStarted) / 1_000)} s`);

  const token = await signIn(base, `admin-${run.runId}@bench.example`);
  const call = async (method: 'GET' | 'POST', path: string, body?: object) => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const request = {
    idempotencyKey: `bench-${run.runId}`,
    pairs: pairs.map(({ survivorId, victimId }) => ({ survivorId, victimId })),
  };

  const stopRecording = startRecording();
  const started = performance.now();
  const accepted = await call('POST', '/api/v1/merges/bulk', request);
  const acceptedMs = performance.now() - started;
  if (accepted.status !== 202) throw new Error(`bulk merge answered ${accepted.status}: ${JSON.stringify(accepted)}`);
  const id = accepted.body.id as string;
  out(`  POST /api/v1/merges/bulk answered 202 in ${fixed(acceptedMs)} ms`);

  // A bench may look at the clock: progress is read once a second, as a caller following the job would.
  let view: BulkView;
  let lastDone = -1;
  for (;;) {
    view = (await call('GET', `/api/v1/merges/bulk/${id}`)).body as unknown as BulkView;
    if (Math.floor(view.progress.done / 100) > Math.floor(lastDone / 100)) {
      out(`    ${fixed((performance.now() - started) / 1_000)} s: ${view.progress.done}/${view.progress.total}`);
    }
    lastDone = view.progress.done;
    if (view.status === 'done') break;
    if (performance.now() - started > TIMEOUT_MS) {
      throw new Error(`bulk merge not done after ${TIMEOUT_MS / 1_000} s: ${view.progress.done} pairs`);
    }
    await new Promise((resolve) => setTimeout(resolve, PROGRESS_EVERY_MS));
  }
  const endToEndMs = performance.now() - started;
  const { commands } = stopRecording();

  const jobMs = view.report?.durationMs ?? Number.NaN;
  out(`  outcomes: ${JSON.stringify(view.progress.outcomes)}`);
  out(`  the job: ${fixed(jobMs / 1_000)} s, ${fixed(PAIRS / (jobMs / 1_000))} pairs/s`);
  out(
    `  request to report read: ${fixed(endToEndMs / 1_000)} s (the report read within ${PROGRESS_EVERY_MS} ms of the end)`,
  );
  const bySide = tally(commands, (record) => record.side);
  out(
    `  database commands per pair: ${fixed(commands.length / PAIRS)} ` +
      `(api ${fixed((bySide.get('api') ?? 0) / PAIRS)}, worker ${fixed((bySide.get('worker') ?? 0) / PAIRS)}; ` +
      'the GETs of progress included)',
  );
  const top = [...tally(commands, (record) => record.command).entries()].sort((a, b) => b[1] - a[1]).slice(0, 8);
  out(`  most frequent: ${top.map(([name, count]) => `${name} ${fixed(count / PAIRS)}`).join(', ')} (per pair)`);

  const againStarted = performance.now();
  const again = await call('POST', '/api/v1/merges/bulk', request);
  out(
    `  the same key again: ${again.status} ${JSON.stringify(again.body)} in ${fixed(performance.now() - againStarted)} ms` +
      ` (${again.body.id === id ? 'the same bulk merge' : 'ANOTHER bulk merge'})`,
  );
  out(`  ${machineLoad()}`);
}

runBench('bulk-merge', measureBulkMerge);
