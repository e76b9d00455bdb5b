import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mongoose from 'mongoose';

export interface TestEnvironment {
  MONGODB_URI: string;
  MONGODB_DB: string;
  REDIS_URL: string;
  JWT_SECRET: string;
  NODE_ENV: 'test';
  LOG_LEVEL: string;
  [name: string]: string;
}

/**
 * The environment of one test file: the harness's servers, a database of its own, and a Redis database of its
 * Jest worker (Redis has 16; files in one worker run one after another).
 */
export function testEnvironment(overrides: Record<string, string> = {}): TestEnvironment {
  const mongo = process.env.TEST_MONGODB_URI;
  const redis = process.env.TEST_REDIS_URL;
  if (!mongo || !redis) throw new Error('test services are not running: run tests through jest (global setup)');
  const worker = Number(process.env.JEST_WORKER_ID ?? '1');
  return {
    MONGODB_URI: mongo,
    MONGODB_DB: `test_${worker}_${randomBytes(4).toString('hex')}`,
    REDIS_URL: `${redis}/${worker % 16}`,
    JWT_SECRET: randomBytes(32).toString('hex'),
    NODE_ENV: 'test',
    LOG_LEVEL: 'error',
    // Test files run side by side, each with an api of its own.
    SMTP_PORT: '0',
    // Sender authentication asks a port where nothing answers: refused at once, and nothing reaches the network.
    DNS_SERVERS: '127.0.0.1:9',
    // Every test signs in from 127.0.0.1; the per-address limit is tested with its own setting.
    LOGIN_ATTEMPTS_PER_MINUTE: '100000',
    // Raw mail and attachments of this file only, removed with its database.
    STORAGE_DIR: join(tmpdir(), `cc-storage-${worker}-${randomBytes(4).toString('hex')}`),
    ...overrides,
  };
}

/** Removes the database and the blob storage of a test file (the server outlives the file). */
export async function dropTestDatabase(env: TestEnvironment): Promise<void> {
  if (env.STORAGE_DIR) await rm(env.STORAGE_DIR, { recursive: true, force: true });
  const connection = await mongoose.createConnection(env.MONGODB_URI, { dbName: env.MONGODB_DB }).asPromise();
  try {
    await connection.dropDatabase();
  } finally {
    await connection.close();
  }
}
