import { describe, expect, it } from '@jest/globals';
import { SuggestionStore } from './suggestionStore';
import type { KnownSuggestion } from './types';

const suggestion = (id: string, status: KnownSuggestion['status'], updatedAt: string): KnownSuggestion => ({
  id,
  status,
  customerIds: ['a', 'b'],
  openedFrom: 'a',
  evidence: [{ rule: 'identity_matches_contact', values: ['+15550100', '+15550100'], score: 0.9 }],
  score: 0.9,
  blocks: [],
  createdAt: '2026-03-01T10:00:00.000Z',
  updatedAt,
});

describe('SuggestionStore', () => {
  it('lists open and blocked suggestions and drops decided ones, remembering how they were decided', () => {
    const store = new SuggestionStore();
    store.apply([
      suggestion('s1', 'open', '2026-03-01T10:00:00.000Z'),
      suggestion('s2', 'blocked', '2026-03-01T10:00:01.000Z'),
    ]);
    expect(
      store
        .getSnapshot()
        .items.map((item) => item.id)
        .sort(),
    ).toEqual(['s1', 's2']);

    store.apply([suggestion('s1', 'accepted', '2026-03-01T10:00:02.000Z')]);
    expect(store.getSnapshot().items.map((item) => item.id)).toEqual(['s2']);
    expect(store.getSnapshot().decided.get('s1')?.status).toBe('accepted');
    expect(store.lastChange).toBe('2026-03-01T10:00:02.000Z');
  });

  it('keeps the newest version whatever the order of pages and events', () => {
    const store = new SuggestionStore();
    store.apply([suggestion('s1', 'open', '2026-03-01T10:00:00.000Z')]);
    store.apply([suggestion('s1', 'rejected', '2026-03-01T10:00:05.000Z')]);
    // A page read before the rejection arrives late.
    store.apply([suggestion('s1', 'open', '2026-03-01T10:00:00.000Z')]);
    expect(store.getSnapshot().items).toEqual([]);
  });

  it('keeps the customers and default survivor a list page brought when an event updates the suggestion', () => {
    const store = new SuggestionStore();
    const customers = [
      { id: 'a', name: 'Ann', kind: 'contact' as const, lastActiveAt: null, createdAt: null, conversationCount: 1 },
      { id: 'b', name: null, kind: 'contact' as const, lastActiveAt: null, createdAt: null, conversationCount: 0 },
    ];
    store.apply([{ ...suggestion('s1', 'open', '2026-03-01T10:00:00.000Z'), customers, defaultSurvivorId: 'b' }]);
    store.apply([suggestion('s1', 'blocked', '2026-03-01T10:00:01.000Z')]);
    expect(store.getSnapshot().items[0]).toMatchObject({ status: 'blocked', customers, defaultSurvivorId: 'b' });
  });

  it('ignores decided suggestions it never listed, but learns their time', () => {
    const store = new SuggestionStore();
    let notified = 0;
    store.subscribe(() => (notified += 1));
    store.apply([suggestion('s1', 'superseded', '2026-03-01T10:00:03.000Z')]);
    expect(notified).toBe(0);
    expect(store.getSnapshot().decided.size).toBe(0);
    expect(store.lastChange).toBe('2026-03-01T10:00:03.000Z');
  });

  it('lists the newest suggestion first', () => {
    const store = new SuggestionStore();
    store.apply([
      { ...suggestion('old', 'open', '2026-03-01T10:00:00.000Z'), createdAt: '2026-03-01T09:00:00.000Z' },
      { ...suggestion('new', 'open', '2026-03-01T10:00:00.000Z'), createdAt: '2026-03-01T09:30:00.000Z' },
    ]);
    expect(store.getSnapshot().items.map((item) => item.id)).toEqual(['new', 'old']);
  });
});
