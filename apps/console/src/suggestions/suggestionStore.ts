import type { KnownSuggestion, SuggestionStatus, SuggestionSummary } from './types';

/** The statuses an agent can still act on: everything else leaves the list. */
const LISTED: ReadonlySet<SuggestionStatus> = new Set(['open', 'blocked']);

export interface SuggestionsSnapshot {
  /** Open and blocked suggestions, newest first. */
  items: readonly KnownSuggestion[];
  /** Suggestions that left the list because someone decided them (or they were superseded), by id. */
  decided: ReadonlyMap<string, SuggestionSummary>;
}

const timeOf = (iso: string): number => {
  const time = Date.parse(iso);
  return Number.isNaN(time) ? 0 : time;
};

/**
 * The suggestions a console shows, fed by list pages, catch-up pages and live events in any order: each suggestion
 * keeps its most recent version (by `updatedAt`), so a page that was read before an event cannot undo it.
 */
export class SuggestionStore {
  private readonly versions = new Map<string, number>();
  private readonly listed = new Map<string, KnownSuggestion>();
  private readonly decided = new Map<string, SuggestionSummary>();
  private readonly listeners = new Set<() => void>();
  private latest: number | null = null;
  private snapshot: SuggestionsSnapshot = { items: [], decided: new Map() };

  /** The time of the most recent change seen (ISO 8601), from which a reconnecting console catches up. */
  get lastChange(): string | null {
    return this.latest === null ? null : new Date(this.latest).toISOString();
  }

  apply(suggestions: readonly KnownSuggestion[]): void {
    let changed = false;
    for (const suggestion of suggestions) changed = this.applyOne(suggestion) || changed;
    if (!changed) return;
    this.snapshot = {
      items: [...this.listed.values()].sort((a, b) => timeOf(b.createdAt) - timeOf(a.createdAt)),
      decided: new Map(this.decided),
    };
    for (const listener of this.listeners) listener();
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getSnapshot = (): SuggestionsSnapshot => this.snapshot;

  private applyOne(suggestion: KnownSuggestion): boolean {
    const at = timeOf(suggestion.updatedAt);
    const known = this.versions.get(suggestion.id);
    if (known !== undefined && at < known) return false;
    this.versions.set(suggestion.id, at);
    if (this.latest === null || at > this.latest) this.latest = at;

    const previous = this.listed.get(suggestion.id);
    if (LISTED.has(suggestion.status)) {
      // Events carry no list details: keep those a list page brought.
      this.listed.set(suggestion.id, {
        ...suggestion,
        customers: suggestion.customers ?? previous?.customers,
        defaultSurvivorId: suggestion.defaultSurvivorId ?? previous?.defaultSurvivorId,
      });
      this.decided.delete(suggestion.id);
      return true;
    }
    if (!previous) return false;
    this.listed.delete(suggestion.id);
    const { customers: _customers, defaultSurvivorId: _survivor, ...summary } = suggestion;
    this.decided.set(suggestion.id, summary);
    return true;
  }
}
