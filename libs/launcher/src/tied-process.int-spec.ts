import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from './project-root.js';
import { spawnTied, waitForOutput } from './tied-process.js';

describe('spawnTied', () => {
  it('sees a ready line written in one chunk with more output after it than it keeps', async () => {
    const script = "process.stdout.write('app ready\\n' + 'x'.repeat(20000) + '\\n'); setInterval(() => {}, 1000)";
    const tied = spawnTied(process.execPath, ['-e', script]);
    try {
      expect((await waitForOutput(tied, /app ready/, 30_000))[0]).toBe('app ready');
    } finally {
      await tied.stop();
    }
  });

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

  it("answers the command's own process id, not the shell's", async () => {
    const tied = spawnTied('sleep', ['300']);
    try {
      expect(tied.pid).toBe(tied.child.pid);
      // The shell becomes the command with `exec`: the same process, named `sh` only until then.
      expect(await waitFor(() => (commandOf(tied.pid) === 'sleep' ? 'sleep' : undefined))).toBe('sleep');
    } finally {
      await tied.stop();
    }
  });

  it('stops the child when its parent is killed with SIGKILL', async () => {
    const launcher = join(projectRoot(), 'dist/libs/launcher/src/index.js');
    const program = `const { spawnTied } = await import(${JSON.stringify(launcher)});
      const tied = spawnTied('sleep', ['300']);
      console.log('group ' + tied.pid);
      setInterval(() => undefined, 1000);`;
    const parent = spawn(process.execPath, ['--input-type=module', '-e', program], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const parentExited = new Promise((resolve) => parent.once('exit', resolve));
    // The tied process leads a process group (it is spawned detached): the sleeper and its watcher are in it.
    const group = await new Promise<number>((resolve, reject) => {
      parent.stdout.on('data', (chunk: Buffer) => {
        const match = /group (\d+)/.exec(chunk.toString());
        if (match) resolve(Number(match[1]));
      });
      parent.once('exit', () => reject(new Error('parent exited early')));
    });
    await waitFor(() => runningIn(group).find((pid) => commandOf(pid) === 'sleep'));

    parent.kill('SIGKILL');
    await parentExited;

    await waitFor(() => (runningIn(group).length === 0 ? true : undefined));
    expect(runningIn(group)).toEqual([]);
  });
});

/** The processes of a process group that have not exited (zombies excluded), from /proc. */
function runningIn(group: number): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((name) => {
      try {
        const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
        const [state, , processGroup] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        return state !== 'Z' && Number(processGroup) === group;
      } catch {
        return false;
      }
    })
    .map(Number);
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
