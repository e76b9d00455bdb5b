import { readFileSync } from 'node:fs';

/** A process's resident memory in MB (`VmRSS` of /proc/<pid>/status); NaN when it cannot be read. */
export function residentMb(pid: number | undefined): number {
  if (!pid) return Number.NaN;
  try {
    const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/** This process's limit on open files (`Max open files` of /proc/self/limits); children inherit it. */
export function openFileLimit(): { soft: number; hard: number } {
  const line = /^Max open files\s+(\S+)\s+(\S+)/m.exec(readFileSync('/proc/self/limits', 'utf8'));
  const parse = (value: string | undefined): number => (value === 'unlimited' ? Infinity : Number(value));
  return { soft: parse(line?.[1]), hard: parse(line?.[2]) };
}

/** The least-squares slope of `values` over `minutes` (per minute); NaN with fewer than two samples. */
export function slopePerMinute(minutes: number[], values: number[]): number {
  const count = minutes.length;
  if (count < 2) return Number.NaN;
  const meanX = minutes.reduce((sum, x) => sum + x, 0) / count;
  const meanY = values.reduce((sum, y) => sum + y, 0) / count;
  let covariance = 0;
  let variance = 0;
  for (let index = 0; index < count; index += 1) {
    covariance += (minutes[index] - meanX) * (values[index] - meanY);
    variance += (minutes[index] - meanX) ** 2;
  }
  return variance === 0 ? Number.NaN : covariance / variance;
}
