/** A proof suite's figure, printed with the test run's output (CI's log keeps it; Jest's console would add a trace). */
export const printFigure = (line: string): void => void process.stdout.write(`${line}\n`);

/**
 * How big a proof suite runs: CI's size, or the long variant's when `npm run bench:reliability` runs the suites
 * (PROOF_SCALE=bench).
 */
export const proofSize = (ci: number, bench: number): number => (process.env.PROOF_SCALE === 'bench' ? bench : ci);
