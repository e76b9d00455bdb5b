import { ensureDebianPackage } from './debian-package.js';
import { findExecutable } from './executables.js';
import { ensureMongoServerJar } from './mongo-java-server.js';
import { progress } from './progress.js';

export interface SetupOptions {
  /** Also install Chromium for the browser tests. */
  browser?: boolean;
}

/** Installs what npm cannot: Redis, the Mongo-wire test server, and Chromium for tests. Idempotent. */
export async function setUpMachine(options: SetupOptions = {}): Promise<void> {
  if (!process.env.REDIS_URL) await ensureDebianPackage('redis-server', 'redis-server');
  if (!process.env.MONGODB_URI && !findExecutable('mongod')) await ensureMongoServerJar();
  if (options.browser) await ensureDebianPackage('chromium', 'chromium');
  progress('setup', 'machine ready');
}
