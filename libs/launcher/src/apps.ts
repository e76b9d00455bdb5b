import { join } from 'node:path';
import { projectRoot } from './project-root.js';
import { runTied, spawnTied, waitForOutput, type SpawnTiedOptions, type TiedProcess } from './tied-process.js';

/** The built apps (`npm run build`), run with node as `npm start` and production run them. */
const ENTRY = {
  api: 'dist/apps/api/src/main.js',
  worker: 'dist/apps/worker/src/main.js',
  cli: 'dist/apps/cli/src/main.js',
} as const;

/** The apps that keep running, and the line each prints once it serves. */
const READY = {
  api: /api listening on port (?<port>\d+)/,
  worker: /worker ready/,
} as const;

export type AppName = keyof typeof ENTRY;
export type ServerApp = keyof typeof READY;

export interface SpawnAppOptions extends SpawnTiedOptions {
  /** Flags for node itself, before the entry file. */
  nodeFlags?: readonly string[];
}

/** Starts a server app as a tied process; `appReady` tells when it serves. */
export function spawnApp(app: ServerApp, options: SpawnAppOptions = {}): TiedProcess {
  const { nodeFlags = [], ...spawnOptions } = options;
  return spawnTied(process.execPath, [...nodeFlags, join(projectRoot(), ENTRY[app])], spawnOptions);
}

/** Resolves once the app prints its ready line, with the api's port; rejects if it exits first or is too slow. */
export async function appReady(app: ServerApp, tied: TiedProcess, timeoutMs = 60_000): Promise<{ port?: number }> {
  const match = await waitForOutput(tied, READY[app], timeoutMs);
  return match.groups?.port ? { port: Number(match.groups.port) } : {};
}

/** Runs an app to its end (the CLI's commands; a server that refuses to start); answers its exit code and output. */
export function runApp(
  app: AppName,
  args: readonly string[],
  options: SpawnTiedOptions = {},
): ReturnType<typeof runTied> {
  return runTied(process.execPath, [join(projectRoot(), ENTRY[app]), ...args], options);
}
