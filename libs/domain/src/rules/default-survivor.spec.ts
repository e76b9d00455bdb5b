import { describe, expect, it } from '@jest/globals';
import { defaultSurvivor, type SurvivorCandidate } from './default-survivor.js';

const candidate = (id: string, createdAt: string, conversationCount = 0): SurvivorCandidate => ({
  id,
  createdAt: new Date(createdAt),
  conversationCount,
});

describe('defaultSurvivor', () => {
  it.each([
    ['the older', candidate('b', '2023-01-01T00:00:00Z'), candidate('a', '2024-06-01T00:00:00Z'), 'b'],
    [
      'the older, though the newer has more conversations',
      candidate('a', '2024-06-01T00:00:00Z', 9),
      candidate('b', '2023-01-01T00:00:00Z', 1),
      'b',
    ],
    [
      'the older by one millisecond',
      candidate('a', '2024-01-01T00:00:00.001Z'),
      candidate('b', '2024-01-01T00:00:00.000Z'),
      'b',
    ],
    [
      'same age: the one with more conversations',
      candidate('a', '2024-01-01T00:00:00Z', 1),
      candidate('b', '2024-01-01T00:00:00Z', 3),
      'b',
    ],
    [
      'same age and conversations: the lower id',
      candidate('b', '2024-01-01T00:00:00Z', 2),
      candidate('a', '2024-01-01T00:00:00Z', 2),
      'a',
    ],
  ])('%s', (_case, a, b, survivorId) => {
    for (const [first, second] of [
      [a, b],
      [b, a],
    ]) {
      const { survivor, victim } = defaultSurvivor(first, second);
      expect(survivor.id).toBe(survivorId);
      expect(victim.id).toBe(survivorId === a.id ? b.id : a.id);
    }
  });
});
