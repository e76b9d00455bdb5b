/** One line per step on stderr, so commands that print JSON on stdout stay parseable. */
export function progress(service: string, message: string): void {
  process.stderr.write(`[services] ${service}: ${message}\n`);
}
