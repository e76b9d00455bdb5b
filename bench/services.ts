import { randomBytes } from 'node:crypto';
import type { AccountsService } from '@app/auth';
import { startLocalServices, type LocalServices } from '@app/launcher';
import type { ChannelRepository } from '@app/persistence';

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

/** The WhatsApp channel of a bench tenant, as the deliveries sign and address it. */
export const BENCH_WHATSAPP = { appSecret: 'bench-app-secret', phoneNumberId: '106540352242922' } as const;
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
