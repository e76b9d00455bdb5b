import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isProcessAlive } from './process-alive.js';
import { projectRoot } from './project-root.js';
import { spawnTied } from './tied-process.js';

describe('spawnTied', () => {
  it('passes the exit code of a short-lived command through', async () => {
    const tied = spawnTied('sh', ['-c', 'echo hello; exit 3']);
    expect(await tied.exited).toBe(3);
    expect(tied.recentOutput()).toContain('hello');
  });

  it('stops the child when asked', async () => {
    const tied = spawnTied('sleep', ['300']);
    await tied.stop();
    expect(await tied.exited).not.toBe(0);
  });

  it('stops the child when its parent is killed with SIGKILL', async () => {
    const launcher = join(projectRoot(), 'dist/libs/launcher/src/index.js');
    const program = `const { spawnTied } = await import(${JSON.stringify(launcher)});
      const tied = spawnTied('sleep', ['300']);
      console.log('watchdog ' + tied.pid);
      setInterval(() => undefined, 1000);`;
    const parent = spawn(process.execPath, ['--input-type=module', '-e', program], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const parentExited = new Promise((resolve) => parent.once('exit', resolve));
    const watchdogPid = await new Promise<number>((resolve, reject) => {
      parent.stdout.on('data', (chunk: Buffer) => {
        const match = /watchdog (\d+)/.exec(chunk.toString());
        if (match) resolve(Number(match[1]));
      });
      parent.once('exit', () => reject(new Error('parent exited early')));
    });
    const sleeperPid = await waitFor(() => childrenOf(watchdogPid).find((pid) => commandOf(pid) === 'sleep'));

    parent.kill('SIGKILL');
    await parentExited;

    await waitFor(() => (isProcessAlive(sleeperPid) || isProcessAlive(watchdogPid) ? undefined : true));
    expect(isProcessAlive(sleeperPid)).toBe(false);
  });
});

function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

function commandOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return '';
  }
}

/** Polls a condition (processes of other parents give no exit events) for at most 10 seconds. */
async function waitFor<T>(probe: () => T | undefined): Promise<T> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met within 10 s');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
