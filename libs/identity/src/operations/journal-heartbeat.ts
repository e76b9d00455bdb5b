/**
 * Runs `work` while beating `beat` every `everyMs`, so a slow step is not mistaken for a dead worker. A failed beat
 * is only reported: the next one, or the step's own record, moves the journal again.
 */
export async function withHeartbeat<T>(
  beat: () => Promise<void>,
  everyMs: number,
  work: () => Promise<T>,
  onBeatFailure: (error: unknown) => void,
): Promise<T> {
  const timer = setInterval(() => {
    beat().catch(onBeatFailure);
  }, everyMs);
  timer.unref();
  try {
    return await work();
  } finally {
    clearInterval(timer);
  }
}
