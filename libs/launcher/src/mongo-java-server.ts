import { execFile } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { findExecutable } from './executables.js';
import { progress } from './progress.js';
import { projectRoot } from './project-root.js';
import { spawnTied, waitForOutput } from './tied-process.js';
import type { RunningService } from './running-service.js';

const run = promisify(execFile);

export function mongoServerModuleDir(): string {
  return join(projectRoot(), 'tools', 'mongo-server');
}

function jarPath(): string {
  return join(mongoServerModuleDir(), 'target', 'mongo-server.jar');
}

function newestSourceTime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSourceTime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** Builds the Maven module once (again only when its sources are newer than the jar). */
export async function ensureMongoServerJar(): Promise<string> {
  const jar = jarPath();
  const moduleDir = mongoServerModuleDir();
  const sourcesTime = Math.max(newestSourceTime(join(moduleDir, 'src')), statSync(join(moduleDir, 'pom.xml')).mtimeMs);
  if (existsSync(jar) && statSync(jar).mtimeMs >= sourcesTime) return jar;
  const mvn = findExecutable('mvn');
  if (!mvn || !findExecutable('java')) throw new Error('building mongo-java-server needs Java 17 and Maven on PATH');
  progress('mongodb', 'building mongo-java-server with Maven (once)');
  await run(mvn, ['-B', '-q', 'package', '-DskipTests'], {
    cwd: moduleDir,
    maxBuffer: 64 * 1024 * 1024,
    timeout: 10 * 60_000,
  });
  if (!existsSync(jar)) throw new Error(`Maven finished but ${jar} is missing`);
  progress('mongodb', 'mongo-java-server built');
  return jar;
}

export async function startMongoJavaServer(readyTimeoutMs = 60_000): Promise<RunningService> {
  const jar = await ensureMongoServerJar();
  const java = findExecutable('java');
  if (!java) throw new Error('java is not on PATH');
  progress('mongodb', 'starting mongo-java-server (in memory)');
  const server = spawnTied(java, ['-Xss4m', '-XX:+UseSerialGC', '-jar', jar, '0']);
  const match = await waitForOutput(server, /listening on (\d+)/, readyTimeoutMs).catch(async (error: unknown) => {
    await server.stop();
    throw error;
  });
  const port = Number(match[1]);
  progress('mongodb', `ready on port ${port} (mongo-java-server)`);
  return { url: `mongodb://127.0.0.1:${port}`, external: false, port, process: server, stop: () => server.stop() };
}
