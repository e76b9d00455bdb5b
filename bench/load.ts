export interface LoadResult {
  perSecond: number;
  latenciesMs: number[];
  failures: number;
}

/** Sends `total` requests with `concurrency` in flight; a request answers its HTTP status. */
export async function runLoad(
  total: number,
  concurrency: number,
  send: (index: number) => Promise<number>,
): Promise<LoadResult> {
  const latenciesMs: number[] = [];
  let failures = 0;
  let next = 0;
  const started = performance.now();
  const lane = async (): Promise<void> => {
    while (next < total) {
      const index = next++;
      const sentAt = performance.now();
      const status = await send(index).catch(() => 0);
      latenciesMs.push(performance.now() - sentAt);
      if (status < 200 || status >= 300) failures += 1;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  return { perSecond: total / ((performance.now() - started) / 1000), latenciesMs, failures };
}

export function percentile(sorted: number[], fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))];
}

export function latencySummary(latenciesMs: number[]): { p50: number; p95: number; p99: number } {
  const sorted = [...latenciesMs].sort((a, b) => a - b);
  return { p50: percentile(sorted, 0.5), p95: percentile(sorted, 0.95), p99: percentile(sorted, 0.99) };
}
