import { io, type Socket } from 'socket.io-client';

/**
 * A console's socket.io connection signed in with the token, on a connection of its own (`forceNew`: never
 * multiplexed with another client of the same address). It fails after `timeoutMs` rather than hang, and never
 * reconnects by itself: the bench decides when a client comes back.
 */
export function connectClient(base: string, accessToken: string, timeoutMs: number): Promise<Socket> {
  const socket = io(base, {
    auth: { token: accessToken },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    timeout: timeoutMs,
  });
  return new Promise<Socket>((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error: Error) => {
      socket.close();
      reject(error);
    });
  });
}

/** Runs `task` over the indexes `0..count-1`, `concurrency` at a time; answers the indexes whose task failed. */
export async function forEachBounded(
  count: number,
  concurrency: number,
  task: (index: number) => Promise<void>,
): Promise<{ failed: number[]; errors: Map<string, number> }> {
  const failed: number[] = [];
  const errors = new Map<string, number>();
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < count) {
      const index = next++;
      await task(index).catch((error: unknown) => {
        failed.push(index);
        const message = error instanceof Error ? error.message : String(error);
        errors.set(message, (errors.get(message) ?? 0) + 1);
      });
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, lane));
  return { failed, errors };
}

export const describeErrors = (errors: Map<string, number>): string =>
  errors.size === 0 ? 'none' : [...errors].map(([message, count]) => `${count}× ${message}`).join(', ');
