import { matchesFilters, type SuggestionFilters } from './filters';
import type { KnownSuggestion, SuggestionPage, SuggestionStatus, SuggestionSummary } from './types';

/** The statuses an agent can still act on: everything else leaves the list. */
const LISTED: ReadonlySet<SuggestionStatus> = new Set(['open', 'blocked']);

export interface SuggestionsSnapshot {
  /** The loaded suggestions waiting for an agent that match the filters, best match first (score, then newest). */
  items: readonly KnownSuggestion[];
  /** Suggestions that left the list because someone decided them (or they were superseded), by id. */
  decided: ReadonlyMap<string, SuggestionSummary>;
  /** The api holds more after the loaded ones ("Show more"). */
  more: boolean;
  /** How many match the filters in all, when the api counted them (it does not by rule); kept live. */
  total: number | null;
}

/** Where a suggestion sorts in the api's order: a higher score first, then the newer (the greater id). */
type RankKey = Pick<SuggestionSummary, 'score' | 'id'>;

/** Negative when `a` comes before `b`. Ids are ObjectIds in hex, of one length: their text order is their age. */
export function compareRank(a: RankKey, b: RankKey): number {
  if (a.score !== b.score) return b.score - a.score;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

/** What the pages read so far cover: nothing yet, up to a last suggestion, or everything. */
type Loaded = { kind: 'nothing' } | { kind: 'upTo'; last: RankKey; cursor: string } | { kind: 'everything' };

/**
 * Where a change comes from, which says how it moves the total when the console never saw the suggestion: a
 * `created` one is new to it; a `changed` one (a live event) was counted if it matches (a decision ends a waiting
 * suggestion, a refresh keeps one); a `caughtUp` one may have changed before the total was counted, so it moves
 * nothing (the console counts again after a catch-up).
 */
export type ChangeSource = 'created' | 'changed' | 'caughtUp';

const timeOf = (iso: string): number => {
  const time = Date.parse(iso);
  return Number.isNaN(time) ? 0 : time;
};

/**
 * The suggestions a console shows, as pages of the api's ranked list for the current filters plus live changes in
 * any order: each suggestion keeps its most recent version (by `updatedAt`), so a page read before an event cannot
 * undo it. A suggestion that matches the filters shows at its place when it sorts within what the pages covered;
 * after that, the next page brings it (the cursor names the last suggestion read, not a position, so nothing is
 * read twice or skipped as suggestions come and go).
 */
export class SuggestionStore {
  private readonly known = new Map<string, KnownSuggestion>();
  private readonly decided = new Map<string, SuggestionSummary>();
  private readonly listeners = new Set<() => void>();
  private filters: SuggestionFilters = { rules: [] };
  private loaded: Loaded = { kind: 'nothing' };
  private total: number | null = null;
  private generation = 0;
  private latest: number | null = null;
  private snapshot: SuggestionsSnapshot = { items: [], decided: new Map(), more: false, total: null };

  /** The time of the most recent change seen (ISO 8601), from which a reconnecting console catches up. */
  get lastChange(): string | null {
    return this.latest === null ? null : new Date(this.latest).toISOString();
  }

  /** The cursor of the next page, or null when nothing more is to be read (or no page yet). */
  get cursor(): string | null {
    return this.loaded.kind === 'upTo' ? this.loaded.cursor : null;
  }

  /** Whether a first page was read for the current filters. */
  get started(): boolean {
    return this.loaded.kind !== 'nothing';
  }

  /** What a page read from now on must name to be applied. */
  get generationNow(): number {
    return this.generation;
  }

  get currentFilters(): SuggestionFilters {
    return this.filters;
  }

  /** Starts again from the first page for these filters; answers the generation its pages must name. */
  restart(filters: SuggestionFilters): number {
    this.filters = filters;
    this.loaded = { kind: 'nothing' };
    this.total = null;
    this.generation += 1;
    this.publish();
    return this.generation;
  }

  /** A page of the ranked list read for `generation`; one read for earlier filters is dropped. */
  applyPage(generation: number, page: SuggestionPage): void {
    if (generation !== this.generation) return;
    const first = this.loaded.kind === 'nothing';
    for (const suggestion of page.items) this.applyOne(suggestion, 'changed');
    const last = page.items.at(-1);
    this.loaded = page.nextCursor && last ? { kind: 'upTo', last, cursor: page.nextCursor } : { kind: 'everything' };
    if (first) this.total = page.total ?? null;
    this.publish();
  }

  /** A fresh count of what the filters hold, read for `generation`. */
  recount(generation: number, total: number | undefined): void {
    if (generation !== this.generation || total === undefined || total === this.total) return;
    this.total = total;
    this.publish();
  }

  /** Live changes: events and catch-up pages. */
  apply(suggestions: readonly KnownSuggestion[], source: ChangeSource = 'changed'): void {
    let changed = false;
    for (const suggestion of suggestions) changed = this.applyOne(suggestion, source) || changed;
    if (changed) this.publish();
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getSnapshot = (): SuggestionsSnapshot => this.snapshot;

  private counts(suggestion: KnownSuggestion): boolean {
    return LISTED.has(suggestion.status) && matchesFilters(suggestion, this.filters);
  }

  private applyOne(suggestion: KnownSuggestion, source: ChangeSource): boolean {
    const at = timeOf(suggestion.updatedAt);
    const previous = this.known.get(suggestion.id);
    if (previous && at < timeOf(previous.updatedAt)) return false;
    if (this.latest === null || at > this.latest) this.latest = at;

    const countedBefore = previous
      ? this.counts(previous)
      : source === 'caughtUp'
        ? this.counts(suggestion)
        : source === 'changed' && matchesFilters(suggestion, this.filters);
    // Events carry no list details: keep those a list page brought.
    const current: KnownSuggestion = {
      ...suggestion,
      customers: suggestion.customers ?? previous?.customers,
      defaultSurvivorId: suggestion.defaultSurvivorId ?? previous?.defaultSurvivorId,
    };
    this.known.set(suggestion.id, current);
    if (this.total !== null) this.total += Number(this.counts(current)) - Number(countedBefore);

    if (LISTED.has(suggestion.status)) {
      this.decided.delete(suggestion.id);
      return true;
    }
    if (!previous || !LISTED.has(previous.status)) return countedBefore;
    const { customers: _customers, defaultSurvivorId: _survivor, ...summary } = suggestion;
    this.decided.set(suggestion.id, summary);
    return true;
  }

  private withinLoaded(suggestion: KnownSuggestion): boolean {
    if (this.loaded.kind === 'upTo') return compareRank(suggestion, this.loaded.last) <= 0;
    return this.loaded.kind === 'everything';
  }

  private publish(): void {
    const items = [...this.known.values()]
      .filter((suggestion) => this.counts(suggestion) && this.withinLoaded(suggestion))
      .sort(compareRank);
    this.snapshot = { items, decided: new Map(this.decided), more: this.loaded.kind === 'upTo', total: this.total };
    for (const listener of this.listeners) listener();
  }
}
