export const out = (line = ''): void => void process.stdout.write(`${line}\n`);

/** A dash where a figure is missing (no sample, a process whose CPU time could not be read). */
export const fixed = (value: number, digits = 1): string => (Number.isFinite(value) ? value.toFixed(digits) : '—');
