import { describe, expect, it, jest } from '@jest/globals';
import { withHeartbeat } from './journal-heartbeat.js';

describe('withHeartbeat', () => {
  it('beats while the work runs, and stops when it ends', async () => {
    jest.useFakeTimers();
    try {
      const beat = jest.fn(async () => undefined);
      let finish!: (value: string) => void;
      const running = withHeartbeat(beat, 1_000, () => new Promise<string>((resolve) => (finish = resolve)), jest.fn());
      jest.advanceTimersByTime(3_500);
      expect(beat).toHaveBeenCalledTimes(3);
      finish('done');
      await expect(running).resolves.toBe('done');
      jest.advanceTimersByTime(10_000);
      expect(beat).toHaveBeenCalledTimes(3);
    } finally {
      jest.useRealTimers();
    }
  });

  it('reports a failed beat without failing the work, and stops beating when the work fails', async () => {
    jest.useFakeTimers();
    try {
      const outage = new Error('database unreachable');
      const beat = jest.fn(() => Promise.reject(outage));
      const failures: unknown[] = [];
      let fail!: (error: Error) => void;
      const running = withHeartbeat(
        beat,
        1_000,
        () => new Promise<never>((_resolve, reject) => (fail = reject)),
        (error) => failures.push(error),
      );
      await jest.advanceTimersByTimeAsync(1_000);
      expect(failures).toEqual([outage]);
      fail(new Error('step failed'));
      await expect(running).rejects.toThrow('step failed');
      await jest.advanceTimersByTimeAsync(5_000);
      expect(beat).toHaveBeenCalledTimes(1);
    } finally {
      jest.useRealTimers();
    }
  });
});
