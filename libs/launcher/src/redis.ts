import { mkdirSync } from 'node:fs';
import { ensureDebianPackage } from './debian-package.js';
import { freePort } from './free-port.js';
import { LauncherError } from './launcher-error.js';
import { progress } from './progress.js';
import { spawnTied, waitForOutput } from './tied-process.js';
import type { RunningService } from './running-service.js';

export interface RedisOptions {
  /** Keep data (append-only file) in this folder; without it nothing is persisted. */
  dataDir?: string;
  readyTimeoutMs?: number;
  /** A fixed port, e.g. to restart a stopped server where its clients expect it; a free one otherwise. */
  port?: number;
  /** Start a server of our own even when REDIS_URL is set (a test that stops and restarts it). */
  own?: boolean;
  /**
   * How often the append-only file is fsynced (with `dataDir`): `always` before each write is acknowledged (what
   * compose runs), `everysec` once a second (Redis's default; a crash loses up to the last second of writes).
   */
  appendfsync?: 'always' | 'everysec' | 'no';
}

export async function startRedis(options: RedisOptions = {}): Promise<RunningService> {
  if (process.env.REDIS_URL && !options.own) {
    progress('redis', `using REDIS_URL`);
    return { url: process.env.REDIS_URL, external: true, stop: async () => undefined };
  }
  const tried = ['REDIS_URL (not set)', 'redis-server from Debian package "redis-server"'];
  try {
    const binary = await ensureDebianPackage('redis-server', 'redis-server');
    const port = options.port ?? (await freePort());
    const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--protected-mode', 'no'];
    if (options.dataDir) {
      mkdirSync(options.dataDir, { recursive: true });
      args.push('--dir', options.dataDir, '--appendonly', 'yes');
      if (options.appendfsync) args.push('--appendfsync', options.appendfsync);
    } else {
      args.push('--appendonly', 'no');
    }
    progress('redis', `starting ${binary} on 127.0.0.1:${port}`);
    const redis = spawnTied(binary, args);
    await waitForOutput(redis, /Ready to accept connections/, options.readyTimeoutMs ?? 20_000).catch(
      async (error: unknown) => {
        await redis.stop();
        throw error;
      },
    );
    progress('redis', `ready on port ${port}`);
    return { url: `redis://127.0.0.1:${port}`, external: false, port, process: redis, stop: () => redis.stop() };
  } catch (error) {
    throw new LauncherError('Redis', tried, 'REDIS_URL (e.g. redis://127.0.0.1:6379)', error);
  }
}
