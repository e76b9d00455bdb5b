import { fileURLToPath } from 'node:url';
import { waitForOutput } from '@app/launcher';
import type { RunningApp } from './app-process.js';

/** A journal as the hook names it: a detach's or a move's undo apart from the journal it undoes. */
export type CrashableJournal = 'merge' | 'undo' | 'detach' | 'detach-undo' | 'move' | 'move-undo';

const HOOK = fileURLToPath(new URL('./hooks/stop-after-journal-step.mjs', import.meta.url));

/**
 * What a crash test passes to `startAppProcess` so the app freezes right after a journal step is recorded, and how
 * it hears that the app did: `journal` and `step` as the product publishes them (`merge`, `move-conversations`), a detach's or a move's undo as `detach-undo` or
 * `move-undo` (`undo` is a merge's).
 */
export function stopAfterJournalStep(journal: CrashableJournal, step: string) {
  return {
    env: { STOP_AFTER_JOURNAL_STEP: `${journal}:${step}` },
    nodeFlags: ['--import', HOOK],
    stopped: (app: RunningApp, timeoutMs = 30_000) =>
      waitForOutput(app.process, new RegExp(`${journal} \\S+ stopped after ${step}`), timeoutMs),
  };
}

/**
 * What a fault-injection suite passes to a worker so it freezes right after the `count`-th journal step it records,
 * whatever the journal: where it stops depends on the work, not on time. `pattern` matches the line it then prints.
 */
export function stopAfterJournalSteps(count: number) {
  return {
    env: { STOP_AFTER_JOURNAL_STEPS: String(count) },
    nodeFlags: ['--import', HOOK],
    pattern: new RegExp(`journal step ${count} \\([^)]*\\) stopped`),
  };
}
