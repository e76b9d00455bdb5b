/** A service could not be provided; the message names what was tried and what overrides it. */
export class LauncherError extends Error {
  constructor(service: string, tried: string[], override: string, cause?: unknown) {
    const reason = cause instanceof Error ? `: ${cause.message}` : '';
    super(
      `${service} could not be started${reason}\n` +
        `  tried: ${tried.join('; ')}\n` +
        `  to use your own server instead, set ${override}`,
      { cause },
    );
    this.name = 'LauncherError';
  }
}
