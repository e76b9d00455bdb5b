import { spawn, type ChildProcess } from 'node:child_process';

/**
 * A child process that cannot outlive us. A small shell starts a watcher of its standard input and then becomes the
 * command (`exec`), so `child` and `pid` are the command's own process. When this process exits — normally, on a
 * signal, or killed with SIGKILL — the pipe closes and the watcher stops the command's process group with SIGTERM.
 * The command's own standard input is /dev/null.
 */
export interface TiedProcess {
  readonly child: ChildProcess;
  /** The command's own process id; it leads a process group of its own. */
  readonly pid: number;
  /** Resolves with the exit code once the child has exited (null when killed by a signal). */
  readonly exited: Promise<number | null>;
  /** The last few kilobytes the child printed, for error messages. */
  recentOutput(): string;
  stop(timeoutMs?: number): Promise<void>;
}

export interface SpawnTiedOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Copy the child's output here, each line prefixed (the child's output is always drained). */
  forward?: { stream: NodeJS.WritableStream; prefix: string };
}

const WATCHDOG = [
  // Background jobs of a non-interactive shell read /dev/null, so the watcher reads our pipe through fd 3.
  'exec 3<&0',
  // The group, not the pid: the command may be gone by then, and a group id is not reused while the watcher is in
  // it. The watcher holds none of the command's output pipes open.
  '(cat <&3; kill -TERM 0) </dev/null >/dev/null 2>&1 &',
  'exec "$0" "$@" </dev/null 3<&-',
].join('\n');

export function spawnTied(command: string, args: readonly string[], options: SpawnTiedOptions = {}): TiedProcess {
  const child = spawn('sh', ['-c', WATCHDOG, command, ...args], {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: ['pipe', 'pipe', 'pipe'],
    detached: true,
  });
  let recent = '';
  const onOutput = (chunk: Buffer): void => {
    const text = chunk.toString();
    recent = (recent + text).slice(-8192);
    if (options.forward) {
      const { stream, prefix } = options.forward;
      stream.write(text.replace(/^(?=.)/gm, prefix));
    }
  };
  child.stdout?.on('data', onOutput);
  child.stderr?.on('data', onOutput);
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => {
      child.stdin?.end();
      resolve(code);
    });
    child.once('error', () => resolve(null));
  });
  let stopping: Promise<void> | undefined;
  const stop = (timeoutMs = 10_000): Promise<void> => {
    stopping ??= (async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.stdin?.end();
      const timer = setTimeout(() => killGroup(child), timeoutMs);
      await exited;
      clearTimeout(timer);
    })();
    return stopping;
  };
  return { child, pid: child.pid ?? -1, exited, recentOutput: () => recent, stop };
}

function killGroup(child: ChildProcess): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    child.kill('SIGKILL');
  }
}

/** Resolves with the first match of `pattern` in the child's output; rejects on exit or after `timeoutMs`. */
export function waitForOutput(tied: TiedProcess, pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const onData = (chunk: Buffer): void => {
      // Matched before trimming: a busy app's ready line can arrive in one chunk with many kilobytes of logs after it.
      const text = seen + chunk.toString();
      const match = text.match(pattern);
      seen = text.slice(-8192);
      if (match) finish(() => resolve(match));
    };
    const timer = setTimeout(
      () => finish(() => reject(new Error(`not ready after ${timeoutMs} ms; last output: ${lastLines(seen)}`))),
      timeoutMs,
    );
    const onExit = (code: number | null): void =>
      finish(() => reject(new Error(`exited with code ${code}; last output: ${lastLines(seen)}`)));
    const finish = (settle: () => void): void => {
      clearTimeout(timer);
      tied.child.stdout?.off('data', onData);
      tied.child.stderr?.off('data', onData);
      tied.child.off('exit', onExit);
      settle();
    };
    tied.child.stdout?.on('data', onData);
    tied.child.stderr?.on('data', onData);
    tied.child.once('exit', onExit);
  });
}

function lastLines(text: string): string {
  return text.trim().split('\n').slice(-5).join(' | ') || '(none)';
}

/** Runs a command to its end under the same watchdog; answers its exit code, standard output and recent output. */
export async function runTied(
  command: string,
  args: readonly string[],
  options: SpawnTiedOptions = {},
): Promise<{ code: number | null; stdout: string; output: string }> {
  const tied = spawnTied(command, args, options);
  let stdout = '';
  tied.child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  const code = await tied.exited;
  return { code, stdout, output: tied.recentOutput() };
}
