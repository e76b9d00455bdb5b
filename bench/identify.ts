import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { signIn } from './agent.js';
import { machineLoad } from './cpu.js';
import { fixed, out } from './print.js';
import { BENCH_PASSWORD, runBench, type BenchRun } from './services.js';
import { positiveSetting } from './settings.js';
import { latencySummary } from './statistics.js';

/**
 * `npm run bench:identify`: POST /api/v1/customers/identify calls per second with a connector key against the
 * built api in this process (only 127.0.0.1), BENCH_IDENTIFY_CALLS calls (default 1,000) kept BENCH_IDENTIFY_CONCURRENCY
 * in flight (default 8): first for new customers (each call creates one), then for the same customers again, each
 * taking an email (an update that writes), then replays of those request ids (answered from the stored answer).
 */
const CALLS = positiveSetting('BENCH_IDENTIFY_CALLS', 1000);
const CONCURRENCY = positiveSetting('BENCH_IDENTIFY_CONCURRENCY', 8);

interface PhaseResult {
  callsPerSecond: number;
  latencies: number[];
  statuses: Map<number, number>;
}

async function runPhase(base: string, key: string, body: (index: number) => object): Promise<PhaseResult> {
  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  let next = 0;
  const started = performance.now();
  const caller = async (): Promise<void> => {
    while (next < CALLS) {
      const index = next++;
      const sent = performance.now();
      const response = await fetch(`${base}/api/v1/customers/identify`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
        body: JSON.stringify(body(index)),
      });
      await response.arrayBuffer();
      latencies.push(performance.now() - sent);
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, caller));
  return { callsPerSecond: (CALLS * 1000) / (performance.now() - started), latencies, statuses };
}

function report(name: string, { callsPerSecond, latencies, statuses }: PhaseResult): void {
  const { p50, p95, p99 } = latencySummary(latencies);
  const answered = [...statuses].map(([status, count]) => `${count}×${status}`).join(', ');
  out(
    `  ${name.padEnd(40)} ${fixed(callsPerSecond).padStart(7)} calls/s   latency ms p50 ${fixed(p50)} ` +
      `p95 ${fixed(p95)} p99 ${fixed(p99)}   (${answered})`,
  );
}

async function measureIdentify(run: BenchRun): Promise<void> {
  out(`bench/identify: ${machineLoad()}; ${CALLS} calls per phase, ${CONCURRENCY} in flight`);
  const [{ createApi }, { AccountsService }] = await Promise.all([
    import('../apps/api/src/bootstrap.js'),
    import('@app/auth'),
  ]);
  const api = await createApi();
  run.onEnd(() => api.close());
  await api.listen(0, '127.0.0.1');
  const base = `http://127.0.0.1:${(api.getHttpServer().address() as AddressInfo).port}`;
  const adminEmail = `admin-${run.runId}@bench.example`;
  await api.get(AccountsService).createTenant({
    name: `Bench identify ${run.runId}`,
    admin: { email: adminEmail, password: BENCH_PASSWORD, name: 'Bench admin' },
  });
  const admin = { 'content-type': 'application/json', authorization: `Bearer ${await signIn(base, adminEmail)}` };
  const channel = (await (
    await fetch(`${base}/api/v1/channels`, {
      method: 'POST',
      headers: admin,
      body: JSON.stringify({ kind: 'api', name: 'Bench POS' }),
    })
  ).json()) as { id: string };
  const { key } = (await (
    await fetch(`${base}/api/v1/channels/${channel.id}/api-keys`, {
      method: 'POST',
      headers: admin,
      body: JSON.stringify({ name: 'Bench POS' }),
    })
  ).json()) as { key: string };

  const phone = (index: number): string => `+1202${String(5_000_000 + index).padStart(7, '0')}`;
  const created = await runPhase(base, key, (index) => ({
    requestId: `new-${index}`,
    phone: phone(index),
    kind: 'member',
  }));
  const updated = await runPhase(base, key, (index) => ({
    requestId: `existing-${index}`,
    phone: phone(index),
    email: `customer-${index}@bench.example`,
  }));
  const replayed = await runPhase(base, key, (index) => ({ requestId: `existing-${index}`, phone: phone(index) }));
  report('new customers (create)', created);
  report('existing customers (update with an email)', updated);
  report('replays of a request id', replayed);
}

runBench('identify', measureIdentify);
