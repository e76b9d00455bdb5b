import { spawnApp, waitForOutput, type TiedProcess } from '@app/launcher';
import { startAppProcess, type RunningApp } from './app-process.js';
import { stopAfterJournalSteps } from './crash-hooks.js';

export interface WorkerKills {
  /** Where each killed worker froze: `journal step 7 (merge <id> move-conversations)`. */
  killedAt: string[];
  /** Workers started, the last one included. */
  workers: number;
}

/**
 * The worker of a fault-injection suite: each life freezes right after the n-th journal step it records (n taken in
 * turn from `stepsBeforeKill`), is killed with SIGKILL there, as a crash would, and is followed by a new worker at
 * once. Kills are triggered by the work done, never by time; once the plan is used up, or once `finished` settles,
 * the worker running then keeps running until `stop`.
 */
export class KilledWorkers {
  private current?: TiedProcess;
  private plain?: RunningApp;

  constructor(private readonly env: Record<string, string>) {}

  async run(stepsBeforeKill: readonly number[], finished: Promise<unknown>): Promise<WorkerKills> {
    let over = false;
    const done = finished.then(
      () => (over = true),
      () => (over = true),
    );
    const report: WorkerKills = { killedAt: [], workers: 0 };
    for (const steps of stepsBeforeKill) {
      const freeze = stopAfterJournalSteps(steps);
      const worker = spawnApp('worker', {
        nodeFlags: freeze.nodeFlags,
        env: { ...process.env, PORT: '0', ...this.env, ...freeze.env },
      });
      this.current = worker;
      report.workers += 1;
      // Waits for the freeze as long as the work takes: `finished` is what bounds it.
      const frozen = waitForOutput(worker, freeze.pattern, 2 ** 31 - 1).then(
        (match) => match[0],
        (error: Error) => error,
      );
      const outcome = await Promise.race([frozen, done.then(() => undefined)]);
      if (over || outcome === undefined) return report;
      if (outcome instanceof Error) throw new Error(`a worker exited before its planned kill: ${outcome.message}`);
      process.kill(worker.pid, 'SIGKILL');
      await worker.exited;
      this.current = undefined;
      report.killedAt.push(outcome);
    }
    this.plain = await startAppProcess('worker', this.env);
    report.workers += 1;
    return report;
  }

  async stop(): Promise<void> {
    await Promise.all([this.current?.stop(), this.plain?.stop()]);
  }
}
