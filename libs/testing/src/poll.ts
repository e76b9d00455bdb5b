import { setTimeout as delay } from 'node:timers/promises';

/**
 * Reads `read` until `done` holds for what it answers, at most `withinMs`: a state other processes reach (a worker
 * storing queued messages) that sends no event to wait for. Answers the last value read; throws with it when time
 * is up.
 */
export async function pollUntil<T>(
  what: string,
  read: () => Promise<T>,
  done: (value: T) => boolean,
  withinMs: number,
): Promise<T> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline)
      throw new Error(`${what}: not reached within ${withinMs} ms, last ${JSON.stringify(value)}`);
    await delay(100);
  }
}
