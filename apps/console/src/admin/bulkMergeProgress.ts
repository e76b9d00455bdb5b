import type { BulkMergeSummary } from './types';

const count = (value: number): string => value.toLocaleString('en-US');

/** "997 of 1,000 pairs": how far a bulk merge has come. */
export function pairsDone({ progress }: Pick<BulkMergeSummary, 'progress'>): string {
  return `${count(progress.done)} of ${count(progress.total)} pairs`;
}

/** "merged 997, blocked 2, not found 1": the outcomes so far, most frequent first (ties by name), or "none yet". */
export function outcomesText({ progress }: Pick<BulkMergeSummary, 'progress'>): string {
  const outcomes = Object.entries(progress.outcomes)
    .filter(([, pairs]) => pairs > 0)
    .sort(([a, x], [b, y]) => y - x || a.localeCompare(b));
  if (outcomes.length === 0) return 'none yet';
  return outcomes.map(([outcome, pairs]) => `${outcome.replace(/_/g, ' ')} ${count(pairs)}`).join(', ');
}

/** "1.3 s", "2 min 5 s": how long a finished bulk merge ran. */
export function durationText(durationMs: number): string {
  const seconds = durationMs / 1000;
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const whole = Math.round(seconds);
  return `${Math.floor(whole / 60)} min ${whole % 60} s`;
}

/** A later page added after the pages already shown, each bulk merge once (one listed twice keeps its first place). */
export function appendPage(shown: readonly BulkMergeSummary[], page: readonly BulkMergeSummary[]): BulkMergeSummary[] {
  const known = new Set(shown.map((bulk) => bulk.id));
  return [...shown, ...page.filter((bulk) => !known.has(bulk.id))];
}
