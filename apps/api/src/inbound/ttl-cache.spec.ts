import { describe, expect, it } from '@jest/globals';
import { TtlCache } from './ttl-cache.js';

function counting(): { load: (key: string) => Promise<string>; calls: string[] } {
  const calls: string[] = [];
  return { calls, load: async (key) => (calls.push(key), `value of ${key}`) };
}

describe('TtlCache', () => {
  it('loads once within the ttl and again after it', async () => {
    let now = 1_000;
    const cache = new TtlCache<string, string>({ ttlMs: 30_000, maxEntries: 10, now: () => now });
    const { load, calls } = counting();
    expect(await cache.get('a', load)).toBe('value of a');
    now += 29_999;
    await cache.get('a', load);
    expect(calls).toEqual(['a']);
    now += 1;
    await cache.get('a', load);
    expect(calls).toEqual(['a', 'a']);
  });

  it('shares one load between concurrent gets', async () => {
    const cache = new TtlCache<string, string>({ ttlMs: 1_000, maxEntries: 10 });
    const { load, calls } = counting();
    await Promise.all([cache.get('a', load), cache.get('a', load), cache.get('a', load)]);
    expect(calls).toEqual(['a']);
  });

  it('keeps at most maxEntries, dropping the oldest', async () => {
    const cache = new TtlCache<string, string>({ ttlMs: 1_000, maxEntries: 2 });
    const { load, calls } = counting();
    for (const key of ['a', 'b', 'c']) await cache.get(key, load);
    expect(cache.size).toBe(2);
    await cache.get('b', load);
    await cache.get('a', load);
    expect(calls).toEqual(['a', 'b', 'c', 'a']);
  });

  it('forgets a failed load, so the next get tries again', async () => {
    const cache = new TtlCache<string, string>({ ttlMs: 1_000, maxEntries: 10 });
    await expect(cache.get('a', () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect(await cache.get('a', async () => 'up')).toBe('up');
  });
});
