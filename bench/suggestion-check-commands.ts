import type { INestApplicationContext } from '@nestjs/common';
import { SuggestionFinderService } from '@app/identity';
import { startRecording, tally } from './counted-apps.js';
import { latencySummary } from './statistics.js';

/**
 * The P4 hook of issue 16: runs a duplicate check of each customer in the worker of `startCountedApps` and answers
 * the database commands per check (in all, and by command and collection) and the latency, for a bench to compare
 * sizes (10,000 vs 1,000,000 customers). Checks run one at a time so that each one's commands are its own.
 */
export async function measureSuggestionChecks(
  worker: INestApplicationContext,
  tenantId: string,
  customerIds: string[],
): Promise<{
  checks: number;
  commandsPerCheck: number;
  /** The database's round trips of a check, summed (the driver's command durations). */
  databaseMsPerCheck: number;
  byCommand: Record<string, number>;
  p50: number;
  p95: number;
}> {
  const finder = worker.get(SuggestionFinderService);
  const stop = startRecording();
  const latencies: number[] = [];
  for (const customerId of customerIds) {
    const started = performance.now();
    await finder.check(tenantId, customerId);
    latencies.push(performance.now() - started);
  }
  const { commands } = stop();
  const checks = Math.max(1, customerIds.length);
  const byCommand = Object.fromEntries(
    [...tally(commands, (record) => record.command)].map(([command, count]) => [command, count / checks]),
  );
  const { p50, p95 } = latencySummary(latencies);
  const databaseMs = commands.reduce((sum, record) => sum + (record.ms ?? 0), 0);
  return {
    checks: customerIds.length,
    commandsPerCheck: commands.length / checks,
    databaseMsPerCheck: databaseMs / checks,
    byCommand,
    p50,
    p95,
  };
}
