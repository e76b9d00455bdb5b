import { AsyncLocalStorage } from 'node:async_hooks';
import type { AddressInfo } from 'node:net';
import type { Connection } from 'mongoose';
import { out } from './print.js';
import type { BenchRun } from './services.js';

/*
 * The api and the worker in this process, with every database command they send recorded from the driver's
 * `commandStarted` events: by side, and by phase, the labelled method (labelMethod) it was sent in.
 */

export type Side = 'api' | 'worker';

export interface CommandRecord {
  side: Side;
  phase: string;
  command: string;
  /** The driver's round trip, once the command has answered. */
  ms?: number;
}

export interface PhaseTiming {
  side: Side;
  phase: string;
  /** Without the time of phases nested in it. */
  ms: number;
  totalMs: number;
}

export const NO_PHASE = '(outside every phase)';

const phases = new AsyncLocalStorage<{ phase: string; nestedMs: number }>();
let recording: CommandRecord[] | undefined;
/** Wall time per phase since recording started: its own (without nested phases), and in all. */
let timings = new Map<string, PhaseTiming>();

/** Records commands and phase times from now until the answer is called, which answers them. */
export function startRecording(): () => { commands: CommandRecord[]; timings: PhaseTiming[] } {
  const commands: CommandRecord[] = [];
  recording = commands;
  timings = new Map();
  return () => {
    recording = undefined;
    return { commands, timings: [...timings.values()] };
  };
}

/**
 * Runs a method of a live service instance inside a named phase: every command it sends (unless a nested phase
 * claims it) is counted under that name, and its time is added to the phase's.
 */
export function labelMethod(side: Side, target: object, method: string, phase: (args: unknown[]) => string): void {
  const holder = target as Record<string, (...args: unknown[]) => unknown>;
  const original = holder[method];
  if (typeof original !== 'function') throw new Error(`${target.constructor.name} has no method ${method}`);
  holder[method] = (...args: unknown[]) => {
    const name = phase(args);
    const parent = phases.getStore();
    const store = { phase: name, nestedMs: 0 };
    const started = performance.now();
    const record = (): void => {
      const elapsed = performance.now() - started;
      const key = `${side}:${name}`;
      const timing = timings.get(key) ?? { side, phase: name, ms: 0, totalMs: 0 };
      timing.ms += elapsed - store.nestedMs;
      timing.totalMs += elapsed;
      timings.set(key, timing);
      if (parent) parent.nestedMs += elapsed;
    };
    const result = phases.run(store, () => original.apply(target, args));
    if (result instanceof Promise) return result.finally(record);
    record();
    return result;
  };
}

export function tally(records: CommandRecord[], key: (record: CommandRecord) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const record of records) counts.set(key(record), (counts.get(key(record)) ?? 0) + 1);
  return counts;
}

interface CommandEvent {
  requestId: number;
  commandName: string;
  command: Record<string, unknown>;
}

function commandLabel(event: CommandEvent): string {
  const target = event.commandName === 'getMore' ? event.command.collection : event.command[event.commandName];
  return typeof target === 'string' ? `${event.commandName} ${target}` : event.commandName;
}

/** Starts the api (listening on 127.0.0.1) and the worker in this process, both closed when the bench ends. */
export async function startCountedApps(run: BenchRun) {
  const [{ NestFactory }, { getConnectionToken }, { createApi }, { WorkerModule }, merges, suggestions] =
    await Promise.all([
      import('@nestjs/core'),
      import('@nestjs/mongoose'),
      import('../apps/api/src/bootstrap.js'),
      import('../apps/worker/src/worker.module.js'),
      import('../apps/worker/src/merges/merges.processor.js'),
      import('../apps/worker/src/suggestions/suggestions.processor.js'),
    ]);
  const api = await createApi();
  run.onEnd(() => api.close());
  await api.listen(0, '127.0.0.1');
  const base = `http://127.0.0.1:${(api.getHttpServer().address() as AddressInfo).port}`;
  const worker = await NestFactory.createApplicationContext(WorkerModule, { logger: ['error'] });
  run.onEnd(() => worker.close());
  await worker.init();

  const answering = new Map<number, CommandRecord>();
  for (const [side, app] of [
    ['api', api],
    ['worker', worker],
  ] as const) {
    const answered = (event: { requestId: number; duration: number }): void => {
      const record = answering.get(event.requestId);
      answering.delete(event.requestId);
      if (record) record.ms = event.duration;
    };
    app
      .get<Connection>(getConnectionToken())
      .getClient()
      .on('commandStarted', (event: CommandEvent) => {
        if (!recording) return;
        const record: CommandRecord = {
          side,
          phase: phases.getStore()?.phase ?? NO_PHASE,
          command: commandLabel(event),
        };
        recording.push(record);
        answering.set(event.requestId, record);
      })
      .on('commandSucceeded', answered)
      .on('commandFailed', answered);
  }

  const finished = new Map<string, number>();
  let checksDone = 0;
  let onFinished: (() => void) | undefined;
  for (const processor of [worker.get(merges.MergesProcessor), worker.get(suggestions.SuggestionsProcessor)]) {
    processor.worker.on('completed', (job) => {
      finished.set(String(job.id), performance.now());
      if (job.name === 'customer.check') checksDone += 1;
      onFinished?.();
    });
    processor.worker.on('failed', (job, error) => out(`  job ${job?.id} failed: ${error.message}`));
  }
  /** When the merge or suggestion job finished; undefined if it did not within the time. */
  const waitForJob = async (jobId: string, timeoutMs: number): Promise<number | undefined> => {
    const deadline = performance.now() + timeoutMs;
    while (!finished.has(jobId) && performance.now() < deadline) {
      await new Promise<void>((resolve) => {
        onFinished = resolve;
        setTimeout(resolve, 100);
      });
    }
    onFinished = undefined;
    return finished.get(jobId);
  };

  return { api, worker, base, waitForJob, checksDone: () => checksDone };
}
