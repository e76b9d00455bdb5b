import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { findExecutable } from './executables.js';
import { progress } from './progress.js';

const run = promisify(execFile);
let aptUpdated: Promise<unknown> | undefined;

/**
 * The path of `binary`, installing Debian's `pkg` with apt-get when it is missing and we run as root.
 * Idempotent: a present binary is returned at once.
 */
export async function ensureDebianPackage(pkg: string, binary: string): Promise<string> {
  const found = findExecutable(binary);
  if (found) return found;
  if (process.getuid?.() !== 0 || !findExecutable('apt-get')) {
    throw new Error(`${binary} is not installed; install the Debian package "${pkg}" (apt-get install ${pkg})`);
  }
  progress(pkg, `installing with apt-get (missing ${binary})`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const options = { env, maxBuffer: 64 * 1024 * 1024, timeout: 15 * 60_000 };
  aptUpdated ??= run('apt-get', ['update', '-qq'], options);
  await aptUpdated;
  await run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', pkg], options);
  const installed = findExecutable(binary);
  if (!installed) throw new Error(`apt-get installed ${pkg} but ${binary} is still not found`);
  progress(pkg, `installed (${installed})`);
  return installed;
}
