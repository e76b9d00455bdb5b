import { describe, expect, it } from '@jest/globals';
import { SURVIVOR_PREFERENCES, type SurvivorPreference } from '../identity-settings.js';
import { defaultSurvivor, type SurvivorCandidate } from './default-survivor.js';

const candidate = (
  id: string,
  createdAt: string,
  conversationCount = 0,
  kind: 'member' | 'contact' = 'contact',
): SurvivorCandidate => ({
  id,
  createdAt: new Date(createdAt),
  conversationCount,
  kind,
});

describe('defaultSurvivor of two of the same kind, by either preference', () => {
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
    [
      'two members: the older',
      candidate('a', '2024-06-01T00:00:00Z', 0, 'member'),
      candidate('b', '2023-01-01T00:00:00Z', 0, 'member'),
      'b',
    ],
  ])('%s', (_case, a, b, survivorId) => {
    for (const preference of SURVIVOR_PREFERENCES) {
      expectSurvivor(a, b, preference, survivorId);
    }
  });
});

describe('defaultSurvivor of a member and a contact', () => {
  const olderContact = candidate('c', '2023-01-01T00:00:00Z', 5, 'contact');
  const newerMember = candidate('m', '2024-06-01T00:00:00Z', 0, 'member');
  const unknown = { id: 'u', createdAt: new Date('2024-06-01T00:00:00Z'), conversationCount: 0 };
  it.each([
    ['member_then_older: the member, though newer with fewer conversations', olderContact, newerMember, 'm'],
    ['older: the older contact', olderContact, newerMember, 'c'],
    ['member_then_older: a customer of unknown kind counts as a contact', unknown, newerMember, 'm'],
    ['older: a customer of unknown kind by its age', unknown, olderContact, 'c'],
  ] as const)('%s', (name, a, b, survivorId) => {
    expectSurvivor(a, b, name.startsWith('older') ? 'older' : 'member_then_older', survivorId);
  });
});

function expectSurvivor(a: SurvivorCandidate, b: SurvivorCandidate, preference: SurvivorPreference, id: string): void {
  for (const [first, second] of [
    [a, b],
    [b, a],
  ]) {
    const { survivor, victim } = defaultSurvivor(first, second, preference);
    expect(survivor.id).toBe(id);
    expect(victim.id).toBe(id === a.id ? b.id : a.id);
  }
}
