import { join } from 'node:path';
import { projectRoot, runTied, spawnTied, waitForOutput, type TiedProcess } from '@app/launcher';

export interface RunningApp {
  process: TiedProcess;
  url: string;
  /** The app's own process id (`process.pid`). */
  pid: number;
  stop(): Promise<void>;
}

const ENTRY = {
  api: 'dist/apps/api/src/main.js',
  worker: 'dist/apps/worker/src/main.js',
  cli: 'dist/apps/cli/src/main.js',
} as const;

const READY = {
  api: /api listening on port (?<port>\d+)/,
  worker: /worker ready/,
} as const;

/** Runs a built app (`npm run build` first) as its own process, the way `npm start` and production run it. */
export async function startAppProcess(app: 'api' | 'worker', env: Record<string, string>): Promise<RunningApp> {
  // Benchmarks profile the apps with BENCH_CPU_PROFILE_DIR (V8 refuses --cpu-prof in NODE_OPTIONS).
  const profile = process.env.BENCH_CPU_PROFILE_DIR;
  const flags = profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : [];
  const child = spawnTied(process.execPath, [...flags, join(projectRoot(), ENTRY[app])], {
    env: { ...process.env, PORT: '0', ...env },
  });
  try {
    const match = await waitForOutput(child, READY[app], 60_000);
    const url = match.groups?.port ? `http://127.0.0.1:${match.groups.port}` : '';
    return { process: child, url, pid: child.pid, stop: () => child.stop() };
  } catch (error) {
    await child.stop();
    throw error;
  }
}

/** Runs a built app to completion and answers its exit code and output. */
export async function runAppProcess(
  app: keyof typeof ENTRY,
  args: string[],
  env: Record<string, string | undefined>,
): ReturnType<typeof runTied> {
  return runTied(process.execPath, [join(projectRoot(), ENTRY[app]), ...args], { env: { ...process.env, ...env } });
}
