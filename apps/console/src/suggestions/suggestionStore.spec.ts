import { describe, expect, it } from '@jest/globals';
import { compareRank, SuggestionStore } from './suggestionStore';
import type { KnownSuggestion, SuggestionPage } from './types';

/** Ids in the order they were made, as ObjectIds are: a later one is greater. */
const idOf = (n: number): string => n.toString(16).padStart(24, '0');

const suggestion = (
  n: number,
  score: number,
  status: KnownSuggestion['status'] = 'open',
  updatedAt = '2026-03-01T10:00:00.000Z',
  rule = 'identity_matches_contact',
): KnownSuggestion => ({
  id: idOf(n),
  status,
  customerIds: ['a', 'b'],
  openedFrom: 'a',
  evidence: [{ rule, values: ['+15550100', '+15550100'], score }],
  score,
  blocks: [],
  createdAt: '2026-03-01T10:00:00.000Z',
  updatedAt,
});

const page = (items: KnownSuggestion[], nextCursor: string | null, total?: number): SuggestionPage => ({
  items: items.map((item) => ({ ...item, customers: [], defaultSurvivorId: 'a' })),
  nextCursor,
  ...(total !== undefined ? { total } : {}),
});

const shown = (store: SuggestionStore): string[] => store.getSnapshot().items.map((item) => item.id);

/** A store showing the first page (scores 0.9, 0.8, 0.7) of 10 open suggestions. */
function firstPageOfTen(): SuggestionStore {
  const store = new SuggestionStore();
  const generation = store.restart({ rules: [] });
  store.applyPage(generation, page([suggestion(1, 0.9), suggestion(2, 0.8), suggestion(3, 0.7)], 'c1', 10));
  return store;
}

describe('compareRank', () => {
  it.each([
    ['a higher score first', { id: idOf(1), score: 0.9 }, { id: idOf(2), score: 0.8 }, -1],
    ['of equal scores, the newer first', { id: idOf(2), score: 0.8 }, { id: idOf(1), score: 0.8 }, -1],
    ['the same suggestion', { id: idOf(1), score: 0.8 }, { id: idOf(1), score: 0.8 }, 0],
    ['a lower score after', { id: idOf(9), score: 0.4 }, { id: idOf(1), score: 0.6 }, 1],
  ])('%s', (_case, a, b, sign) => {
    expect(Math.sign(compareRank(a, b))).toBe(sign);
  });
});

describe('SuggestionStore', () => {
  it('shows the pages read in the api’s order, with the cursor of the next and the total', () => {
    const store = firstPageOfTen();
    expect(shown(store)).toEqual([idOf(1), idOf(2), idOf(3)]);
    expect(store.getSnapshot()).toMatchObject({ more: true, total: 10 });
    expect(store.cursor).toBe('c1');

    store.applyPage(1, page([suggestion(4, 0.65), suggestion(5, 0.6)], null));
    expect(shown(store)).toEqual([idOf(1), idOf(2), idOf(3), idOf(4), idOf(5)]);
    expect(store.getSnapshot()).toMatchObject({ more: false, total: 10 });
    expect(store.cursor).toBeNull();
  });

  it('puts a live suggestion at its place within what is loaded, and leaves one sorting after it to the next page', () => {
    const store = firstPageOfTen();
    store.apply([suggestion(11, 0.85)], 'created');
    expect(shown(store)).toEqual([idOf(1), idOf(11), idOf(2), idOf(3)]);
    // Sorts after the last one read (0.7): the next page brings it, once.
    store.apply([suggestion(12, 0.5)], 'created');
    expect(shown(store)).toEqual([idOf(1), idOf(11), idOf(2), idOf(3)]);
    expect(store.getSnapshot().total).toBe(12);
    store.applyPage(1, page([suggestion(12, 0.5)], null));
    expect(shown(store)).toEqual([idOf(1), idOf(11), idOf(2), idOf(3), idOf(12)]);
  });

  it('of equal scores at the edge, shows a newer one and leaves an older one to the next page', () => {
    const store = firstPageOfTen();
    store.apply([suggestion(13, 0.7), { ...suggestion(0, 0.7), id: idOf(0) }], 'created');
    expect(shown(store)).toEqual([idOf(1), idOf(2), idOf(13), idOf(3)]);
  });

  it('drops decided suggestions, remembering how, and counts them out of the total', () => {
    const store = firstPageOfTen();
    store.apply([suggestion(2, 0.8, 'accepted', '2026-03-01T10:00:02.000Z')]);
    expect(shown(store)).toEqual([idOf(1), idOf(3)]);
    expect(store.getSnapshot().decided.get(idOf(2))?.status).toBe('accepted');
    expect(store.getSnapshot().total).toBe(9);
    expect(store.lastChange).toBe('2026-03-01T10:00:02.000Z');
    // One not loaded yet, decided by another agent: it was waiting.
    store.apply([suggestion(20, 0.3, 'rejected', '2026-03-01T10:00:03.000Z')]);
    expect(store.getSnapshot().total).toBe(8);
    expect(store.getSnapshot().decided.has(idOf(20))).toBe(false);
  });

  it('moves the total by nothing it cannot place in time on a catch-up, and takes a fresh count', () => {
    const store = firstPageOfTen();
    // Decided or made while away, perhaps before the total was counted.
    store.apply(
      [
        suggestion(20, 0.3, 'rejected', '2026-03-01T10:00:03.000Z'),
        suggestion(21, 0.95, 'open', '2026-03-01T10:00:04.000Z'),
      ],
      'caughtUp',
    );
    expect(shown(store)).toEqual([idOf(21), idOf(1), idOf(2), idOf(3)]);
    expect(store.getSnapshot().total).toBe(10);
    // A known one still moves it.
    store.apply([suggestion(2, 0.8, 'superseded', '2026-03-01T10:00:05.000Z')], 'caughtUp');
    expect(store.getSnapshot().total).toBe(9);

    store.recount(1, 10);
    expect(store.getSnapshot().total).toBe(10);
    store.recount(0, 99);
    store.recount(1, undefined);
    expect(store.getSnapshot().total).toBe(10);
  });

  it('moves a suggestion whose score changed, and keeps a blocked one', () => {
    const store = firstPageOfTen();
    store.apply([suggestion(1, 0.5, 'open', '2026-03-01T10:00:01.000Z')]);
    expect(shown(store)).toEqual([idOf(2), idOf(3)]);
    store.apply([suggestion(3, 0.95, 'blocked', '2026-03-01T10:00:02.000Z')]);
    expect(shown(store)).toEqual([idOf(3), idOf(2)]);
    expect(store.getSnapshot().total).toBe(10);
  });

  it('keeps the newest version whatever the order of pages and events', () => {
    const store = new SuggestionStore();
    const generation = store.restart({ rules: [] });
    store.apply([suggestion(1, 0.9, 'rejected', '2026-03-01T10:00:05.000Z')]);
    // A page read before the rejection arrives late.
    store.applyPage(generation, page([suggestion(1, 0.9, 'open', '2026-03-01T10:00:00.000Z')], null, 1));
    expect(shown(store)).toEqual([]);
  });

  it('shows only what matches the filters, counting only that, and drops a page read for other filters', () => {
    const store = new SuggestionStore();
    const stale = store.restart({ rules: [] });
    const generation = store.restart({ rules: [], minScore: 0.8 });
    store.applyPage(stale, page([suggestion(5, 0.4)], null, 1));
    expect(store.started).toBe(false);
    store.applyPage(generation, page([suggestion(1, 0.9)], null, 1));
    store.apply([suggestion(2, 0.6)], 'created');
    store.apply([suggestion(3, 0.85, 'open', '2026-03-01T10:00:00.000Z', 'similar_email')], 'created');
    expect(shown(store)).toEqual([idOf(1), idOf(3)]);
    expect(store.getSnapshot().total).toBe(2);

    // Another filter starts again from the first page: nothing shown, no total, until it comes.
    store.restart({ rules: ['similar_email'] });
    expect(store.getSnapshot()).toMatchObject({ items: [], more: false, total: null });
  });

  it('keeps the customers and default survivor a list page brought when an event updates the suggestion', () => {
    const store = new SuggestionStore();
    const customers = [
      { id: 'a', name: 'Ann', kind: 'contact' as const, lastActiveAt: null, createdAt: null, conversationCount: 1 },
      { id: 'b', name: null, kind: 'contact' as const, lastActiveAt: null, createdAt: null, conversationCount: 0 },
    ];
    const generation = store.restart({ rules: [] });
    store.applyPage(generation, {
      items: [{ ...suggestion(1, 0.9), customers, defaultSurvivorId: 'b' }],
      nextCursor: null,
    });
    store.apply([suggestion(1, 0.9, 'blocked', '2026-03-01T10:00:01.000Z')]);
    expect(store.getSnapshot().items[0]).toMatchObject({ status: 'blocked', customers, defaultSurvivorId: 'b' });
  });

  it('ignores decided suggestions it never listed and that match no filter, but learns their time', () => {
    const store = new SuggestionStore();
    store.restart({ rules: ['similar_email'] });
    let notified = 0;
    store.subscribe(() => (notified += 1));
    store.apply([suggestion(1, 0.9, 'superseded', '2026-03-01T10:00:03.000Z')]);
    expect(notified).toBe(0);
    expect(store.getSnapshot().decided.size).toBe(0);
    expect(store.lastChange).toBe('2026-03-01T10:00:03.000Z');
  });
});
