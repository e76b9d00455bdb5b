import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRedis } from '@app/launcher';
import { startAppProcess } from '@app/testing';
import { runLoad, type LoadResult } from './load.js';
import { out } from './print.js';
import type { BenchRun } from './services.js';
import { latencySummary, median } from './statistics.js';

/** Redis's two append-only fsync policies that keep jobs across a restart: compose runs `always`. */
const POLICIES = ['always', 'everysec'] as const;
type Policy = (typeof POLICIES)[number];

export interface DurabilityOptions {
  requests: number;
  rounds: number;
  concurrency: number;
  channelId: string;
  /** Sends delivery `index` (a fresh message id under `prefix`) to the webhook at `url`; answers the status. */
  send: (url: string, prefix: string) => (index: number) => Promise<number>;
}

/**
 * The acknowledgement cost of Redis durability: per policy a Redis of its own (its append-only file on this
 * machine's disk) and an api process on it, the same database, loaded in alternating rounds (always, everysec,
 * always…) so that the machine's other load falls on both alike. What a crash may lose differs: nothing
 * acknowledged with `always`, up to a second of acknowledged deliveries with `everysec`.
 */
export async function measureDurability(run: BenchRun, options: DurabilityOptions): Promise<void> {
  const { requests, rounds, concurrency, channelId, send } = options;
  const started = await Promise.all(POLICIES.map((policy) => startVariant(run, policy)));
  try {
    out(
      `\nRedis durability: ${rounds} alternating rounds of ${requests} deliveries per policy, ${concurrency} in ` +
        'flight, each policy on a Redis of its own (append-only file on disk) and an api process of its own',
    );
    const urls = started.map((variant) => `${variant.apiUrl}/webhooks/whatsapp/${channelId}`);
    for (const [index, url] of urls.entries())
      await runLoad(Math.min(500, requests), concurrency, send(url, `warm-${POLICIES[index]}-`));
    const results: Record<Policy, LoadResult[]> = { always: [], everysec: [] };
    for (let round = 0; round < rounds; round += 1) {
      for (const [index, policy] of POLICIES.entries()) {
        results[policy].push(await runLoad(requests, concurrency, send(urls[index], `${policy}-${round}-`)));
      }
      out(
        `  round ${round + 1}: ` +
          POLICIES.map((policy) => `${policy} ${results[policy][round].perSecond.toFixed(0)} ack/s`).join(', '),
      );
    }
    for (const policy of POLICIES) {
      const all = results[policy];
      const { p50, p99 } = latencySummary(all.flatMap((result) => result.latenciesMs));
      const failures = all.reduce((sum, result) => sum + result.failures, 0);
      out(
        `appendfsync ${policy.padEnd(9)} ${median(all.map((result) => result.perSecond))
          .toFixed(0)
          .padStart(6)} ack/s ` +
          `(median of rounds)   p50 ${p50.toFixed(2)} ms   p99 ${p99.toFixed(2)} ms   non-2xx ${failures}`,
      );
    }
  } finally {
    for (const variant of started) await variant.stop();
  }
}

async function startVariant(run: BenchRun, policy: Policy) {
  const dataDir = mkdtempSync(join(tmpdir(), `bench-redis-${policy}-`));
  const redis = await startRedis({ own: true, dataDir, appendfsync: policy });
  try {
    const api = await startAppProcess('api', { ...run.environment, REDIS_URL: redis.url });
    return {
      apiUrl: api.url,
      stop: async () => {
        await api.stop();
        await redis.stop();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await redis.stop();
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
}
