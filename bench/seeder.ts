import type { Connection } from 'mongoose';
import { createBenchAgent } from './agent.js';
import { createBenchTenant, type BenchRun } from './services.js';

export interface BenchTenant {
  tenantId: string;
  channelId: string;
  agentEmail: string;
}

/**
 * The database alone, to create the tenant (one WhatsApp channel, an agent) and seed collections: the CLI's module,
 * with the models the seeds are inserted through (the CLI registers only its own).
 */
export async function startSeeder(run: BenchRun): Promise<{ connection: Connection; tenant: BenchTenant }> {
  const [{ NestFactory }, { getConnectionToken }, { CliModule }, { AccountsService }, persistence] = await Promise.all([
    import('@nestjs/core'),
    import('@nestjs/mongoose'),
    import('../apps/cli/src/cli.module.js'),
    import('@app/auth'),
    import('@app/persistence'),
  ]);
  const seeder = await NestFactory.createApplicationContext(
    {
      imports: [
        CliModule,
        persistence.ChannelRepositoryModule,
        persistence.ConversationRepositoryModule,
        persistence.CustomerRepositoryModule,
        persistence.IdentityRepositoryModule,
      ],
    },
    { logger: ['error'] },
  );
  run.onEnd(() => seeder.close());
  const accounts = seeder.get(AccountsService);
  const created = await createBenchTenant(
    accounts,
    seeder.get(persistence.ChannelRepository),
    'Bench suggest',
    run.runId,
  );
  const agentEmail = await createBenchAgent(accounts, created.tenantId, run.runId);
  return { connection: seeder.get<Connection>(getConnectionToken()), tenant: { ...created, agentEmail } };
}
