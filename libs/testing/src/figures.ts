/** A proof suite's figure, printed with the test run's output (CI's log keeps it; Jest's console would add a trace). */
export const printFigure = (line: string): void => void process.stdout.write(`${line}\n`);
