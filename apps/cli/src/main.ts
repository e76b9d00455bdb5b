import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AccountsService, EmailTakenError, TenantExistsError } from '@app/auth';
import { parseCliArguments, USAGE, UsageError, type CliCommand } from './cli-arguments.js';
import { CliModule } from './cli.module.js';
import { DemoSeedService } from './demo-seed.service.js';
import { DemoModule } from './demo/demo.module.js';
import { MatchKeyBackfillService } from './match-key-backfill.service.js';

/**
 * The database (and, for the demo story, Redis) of a running `npm start` unless MONGODB_URI says otherwise. The
 * launcher is loaded only then: the production image sets MONGODB_URI and REDIS_URL and holds no launcher code.
 */
async function resolveServices(needsRedis: boolean): Promise<void> {
  if (process.env.MONGODB_URI) {
    if (needsRedis && !process.env.REDIS_URL) throw new UsageError('demo:seed needs REDIS_URL beside MONGODB_URI');
    return;
  }
  const { readLocalState } = await import('@app/launcher');
  const state = readLocalState();
  if (!state) {
    throw new UsageError('no database: start the product with `npm start` first, or set MONGODB_URI');
  }
  process.env.MONGODB_URI = state.mongoUri;
  process.env.REDIS_URL ??= state.redisUrl;
}

async function run(command: CliCommand): Promise<unknown> {
  const demo = command.name === 'demo:seed';
  await resolveServices(demo);
  const app = await NestFactory.createApplicationContext(demo ? DemoModule : CliModule, {
    logger: ['error'],
    abortOnError: false,
  });
  try {
    if (demo) return await app.get(DemoSeedService).seed();
    if (command.name === 'matching:backfill-keys') return await app.get(MatchKeyBackfillService).run();
    return await app.get(AccountsService).createTenant({
      name: command.tenantName,
      admin: { email: command.adminEmail, password: command.adminPassword, name: command.adminName ?? 'Administrator' },
    });
  } finally {
    await app.close();
  }
}

try {
  const result = await run(parseCliArguments(process.argv.slice(2)));
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
} catch (error) {
  const known = error instanceof UsageError || error instanceof TenantExistsError || error instanceof EmailTakenError;
  process.stderr.write(`${known ? (error as Error).message : String((error as Error).stack ?? error)}\n`);
  if (error instanceof UsageError) process.stderr.write(`${USAGE}\n`);
  // Exits at once: a module that failed to start may leave its database connection open, which would keep the
  // process alive.
  process.exit(error instanceof UsageError ? 2 : 1);
}
