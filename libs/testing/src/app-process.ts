import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { appReady, runApp, spawnApp, type AppName, type ServerApp, type TiedProcess } from '@app/launcher';

export interface RunningApp {
  process: TiedProcess;
  url: string;
  /** The app's own process id (`process.pid`). */
  pid: number;
  stop(): Promise<void>;
}

/**
 * Runs a built app (`npm run build` first) as its own process, the way `npm start` and production run it.
 * `nodeFlags`: e.g. a test hook loaded with `--import` (see `stopAfterJournalStep`).
 */
export async function startAppProcess(
  app: ServerApp,
  env: Record<string, string>,
  nodeFlags: string[] = [],
): Promise<RunningApp> {
  // Benchmarks profile the apps with BENCH_CPU_PROFILE_DIR (V8 refuses --cpu-prof in NODE_OPTIONS).
  const profile = process.env.BENCH_CPU_PROFILE_DIR;
  // TEST_APP_LOG_DIR keeps each app's whole output in a file of its own, to read after a failure.
  const logDir = process.env.TEST_APP_LOG_DIR;
  const child = spawnApp(app, {
    nodeFlags: [...nodeFlags, ...(profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : [])],
    env: { ...process.env, PORT: '0', ...env },
    ...(logDir ? { forward: { stream: createWriteStream(join(logDir, `${app}-${Date.now()}.log`)), prefix: '' } } : {}),
  });
  try {
    const { port } = await appReady(app, child);
    const url = port === undefined ? '' : `http://127.0.0.1:${port}`;
    return { process: child, url, pid: child.pid, stop: () => child.stop() };
  } catch (error) {
    await child.stop();
    throw error;
  }
}

/** Runs a built app to completion and answers its exit code and output. */
export function runAppProcess(app: AppName, args: string[], env: Record<string, string | undefined>) {
  return runApp(app, args, { env: { ...process.env, ...env } });
}
