import { ConfigurationError } from './environment.js';

/** Says plainly why the process cannot start (a list, for bad configuration) and exits non-zero. */
export function exitOnStartupFailure(app: string, error: unknown): never {
  const reason =
    error instanceof ConfigurationError
      ? error.message
      : error instanceof Error
        ? (error.stack ?? error.message)
        : String(error);
  process.stderr.write(`${app} failed to start: ${reason}\n`);
  process.exit(1);
}
