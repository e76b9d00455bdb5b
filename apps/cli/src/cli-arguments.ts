import { parseArgs } from 'node:util';

export type CliCommand =
  | { name: 'tenant:create'; tenantName: string; adminEmail: string; adminPassword: string; adminName?: string }
  | { name: 'demo:seed' }
  | { name: 'matching:backfill-keys' };

export const USAGE = `usage:
  npm run cli -- tenant:create --name NAME --admin-email EMAIL --admin-password PASSWORD [--admin-name NAME]
  npm run cli -- demo:seed
  npm run cli -- matching:backfill-keys`;

export class UsageError extends Error {}

/** Parses `<command> [--options]`; throws UsageError with what is missing. */
export function parseCliArguments(argv: string[]): CliCommand {
  const [command, ...rest] = argv;
  if (command === 'demo:seed') {
    if (rest.length > 0) throw new UsageError('demo:seed takes no options');
    return { name: 'demo:seed' };
  }
  if (command === 'matching:backfill-keys') {
    if (rest.length > 0) throw new UsageError('matching:backfill-keys takes no options');
    return { name: 'matching:backfill-keys' };
  }
  if (command === 'tenant:create') {
    const { values } = parseArgs({
      args: rest,
      strict: true,
      options: {
        name: { type: 'string' },
        'admin-email': { type: 'string' },
        'admin-password': { type: 'string' },
        'admin-name': { type: 'string' },
      },
    });
    const missing = ['name', 'admin-email', 'admin-password'].filter(
      (option) => !values[option as keyof typeof values],
    );
    if (missing.length > 0) throw new UsageError(`missing ${missing.map((option) => `--${option}`).join(', ')}`);
    if ((values['admin-password'] ?? '').length < 10)
      throw new UsageError('--admin-password needs 10 characters or more');
    return {
      name: 'tenant:create',
      tenantName: values.name!,
      adminEmail: values['admin-email']!.trim().toLowerCase(),
      adminPassword: values['admin-password']!,
      adminName: values['admin-name'],
    };
  }
  throw new UsageError(command ? `unknown command ${command}` : 'no command given');
}
