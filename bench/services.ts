import { randomBytes } from 'node:crypto';
import type { AccountsService } from '@app/auth';
import { startLocalServices, type LocalServices } from '@app/launcher';
import type { ChannelRepository } from '@app/persistence';
import { BENCH_WHATSAPP } from './whatsapp.js';

export interface BenchServices {
  services: LocalServices;
  /** The apps' environment on the services, with a database of this run. */
  environment: Record<string, string>;
  runId: string;
}

/**
 * The local database and Redis a bench runs against (only 127.0.0.1). The environment is also set on this process,
 * for the apps a bench runs in it (configuration is read when their modules load), with the driver's command
 * monitoring on: off by default, the URI option turns it on for counting `commandStarted` events.
 */
export async function startBenchServices(name: string): Promise<BenchServices> {
  const services = await startLocalServices();
  const runId = randomBytes(4).toString('hex');
  const environment = {
    MONGODB_URI: services.mongo.url,
    MONGODB_DB: `bench_${name}_${runId}`,
    REDIS_URL: services.redis.url,
    JWT_SECRET: randomBytes(32).toString('hex'),
    NODE_ENV: 'production',
    LOG_LEVEL: 'error',
    SMTP_PORT: '0',
  };
  const separator = services.mongo.url.includes('?') ? '&' : '/?';
  Object.assign(process.env, environment, { MONGODB_URI: `${services.mongo.url}${separator}monitorCommands=true` });
  return { services, environment, runId };
}

export interface BenchRun extends BenchServices {
  /** Registers what to close when the bench ends, however it ends: the last registered first, then the services. */
  onEnd(cleanup: () => Promise<unknown>): void;
}

/**
 * Runs the entry `bench/<name>` against local services of its own, then exits: the apps it ran in this process keep
 * handles open.
 */
export function runBench(name: string, bench: (run: BenchRun) => Promise<void>): void {
  const cleanups: (() => Promise<unknown>)[] = [];
  const run = async (): Promise<void> => {
    const started = await startBenchServices(name);
    try {
      await bench({ ...started, onEnd: (cleanup) => void cleanups.push(cleanup) });
    } finally {
      for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
      await started.services.stop();
    }
  };
  run().then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`bench/${name} failed: ${error instanceof Error ? error.stack : String(error)}\n`);
      process.exit(1);
    },
  );
}

/** `work`, failed when it takes longer than `minutes` (the bench then ends and stops what it started). */
export async function withinMinutes<T>(minutes: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeUp = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`stopped after ${minutes} minutes`)), minutes * 60_000);
  });
  try {
    return await Promise.race([work, timeUp]);
  } finally {
    clearTimeout(timer);
  }
}

export const BENCH_PASSWORD = 'bench-password-123';

/** A tenant with an admin and one WhatsApp channel (BENCH_WHATSAPP). */
export async function createBenchTenant(
  accounts: AccountsService,
  channels: ChannelRepository,
  name: string,
  runId: string,
): Promise<{ tenantId: string; channelId: string }> {
  const { tenantId } = await accounts.createTenant({
    name: `${name} ${runId}`,
    admin: { email: `admin-${runId}@bench.example`, password: BENCH_PASSWORD, name: 'Bench admin' },
  });
  const channel = await channels.create({
    tenantId,
    kind: 'whatsapp',
    name: 'Bench WhatsApp',
    settings: { phoneNumberId: BENCH_WHATSAPP.phoneNumberId },
    secrets: { appSecret: BENCH_WHATSAPP.appSecret, verifyToken: 'bench' },
  });
  return { tenantId, channelId: channel._id.toHexString() };
}
