import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fixed } from './print.js';

/** The benches share the machine with whatever else runs on it: their figures come with its load. */
export const machineLoad = (): string => `${cpus().length} CPUs, load average ${loadAverage()}`;

export const loadAverage = (): string =>
  loadavg()
    .map((load) => fixed(load, 2))
    .join(' ');

/** CPU seconds (user + system) a process has used so far; NaN when it cannot be read. */
function cpuSeconds(pid: number | undefined): number {
  if (!pid) return Number.NaN;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

/**
 * Starts counting the CPU seconds of the given processes and of this one (`bench`); the answer reads what each has
 * used since.
 */
export function startCpuMeter<Name extends string>(
  pids: Record<Name, number | undefined>,
): () => Record<Name | 'bench', number> {
  const names = Object.keys(pids) as Name[];
  const before = names.map((name) => cpuSeconds(pids[name]));
  const benchBefore = process.cpuUsage();
  return () => {
    const bench = process.cpuUsage(benchBefore);
    const used = Object.fromEntries(names.map((name, index) => [name, cpuSeconds(pids[name]) - before[index]]));
    return { ...used, bench: (bench.user + bench.system) / 1e6 } as Record<Name | 'bench', number>;
  };
}
