import { isUnauthorized, messageOf } from '../api';
import { listSuggestions } from './api';
import type { SuggestionFilters } from './filters';
import type { SuggestionStore } from './suggestionStore';
import type { SuggestionCustomer, SuggestionPage } from './types';

/**
 * A catch-up reads from a little before the last change seen: changes are stamped by several processes (api
 * instances, the worker) whose clocks and write order may differ slightly. Reading one twice is harmless.
 */
const CATCH_UP_OVERLAP_MS = 5_000;

/** A runaway cursor must not keep the console busy for ever. */
const MAX_CATCH_UP_PAGES = 50;

export type FeedStatus =
  { phase: 'loading' } | { phase: 'ready'; loadingMore: boolean } | { phase: 'error'; message: string };

interface FeedCallbacks {
  onStatus: (status: FeedStatus) => void;
  onCustomers: (customers: SuggestionCustomer[]) => void;
  onUnauthorized: () => void;
}

type Task = 'first' | 'more' | 'catchUp';

/**
 * Brings the store up to date over REST, one request after another: the first page of the ranked list for the
 * filters (again whenever they change), the next page on "Show more", and on every reconnect of the socket every
 * suggestion changed since the last change seen, whatever its status, so that suggestions decided meanwhile leave
 * the list and new ones take their place.
 */
export class SuggestionFeed {
  private readonly controller = new AbortController();
  private queue: Promise<void> = Promise.resolve();
  private failed: Task | null = null;

  constructor(
    private readonly token: string,
    private readonly store: SuggestionStore,
    private readonly callbacks: FeedCallbacks,
  ) {}

  /** Reads the first page for these filters, dropping what an earlier filter loaded. */
  show(filters: SuggestionFilters): void {
    this.store.restart(filters);
    this.enqueue('first');
  }

  /** The next page ("Show more"). */
  readonly more = (): void => this.enqueue('more');

  /** The socket (re)connected: whatever changed while it was away, or the first page if none came yet. */
  readonly catchUp = (): void => this.enqueue('catchUp');

  /** Runs again what failed. */
  readonly retry = (): void => {
    if (this.failed) this.enqueue(this.failed);
  };

  close(): void {
    this.controller.abort();
  }

  private enqueue(task: Task): void {
    this.queue = this.queue.then(() => this.run(task));
  }

  private async run(task: Task): Promise<void> {
    if (this.controller.signal.aborted) return;
    const first = task === 'first' || !this.store.started;
    this.callbacks.onStatus(first ? { phase: 'loading' } : { phase: 'ready', loadingMore: task === 'more' });
    try {
      if (first) await this.readFirstPage();
      else if (task === 'more') await this.readNextPage();
      else await this.readChanges();
      this.failed = null;
      if (!this.controller.signal.aborted) this.callbacks.onStatus({ phase: 'ready', loadingMore: false });
    } catch (error) {
      if (this.controller.signal.aborted) return;
      if (isUnauthorized(error)) {
        this.callbacks.onUnauthorized();
        return;
      }
      this.failed = first ? 'first' : task;
      this.callbacks.onStatus({ phase: 'error', message: messageOf(error, 'The suggestions could not be loaded.') });
    }
  }

  private async readFirstPage(): Promise<void> {
    const generation = this.store.generationNow;
    this.store.applyPage(generation, await this.read(this.store.currentFilters));
  }

  private async readNextPage(): Promise<void> {
    const cursor = this.store.cursor;
    if (!cursor) return;
    const generation = this.store.generationNow;
    this.store.applyPage(generation, await this.read(this.store.currentFilters, cursor));
  }

  private async read(filters: SuggestionFilters, cursor?: string): Promise<SuggestionPage> {
    const page = await listSuggestions(this.token, { ...filters, cursor }, this.controller.signal);
    this.callbacks.onCustomers(page.items.flatMap((item) => item.customers));
    return page;
  }

  private async readChanges(): Promise<void> {
    const lastChange = this.store.lastChange;
    if (lastChange === null) return;
    const since = new Date(Date.parse(lastChange) - CATCH_UP_OVERLAP_MS).toISOString();
    let cursor: string | undefined;
    for (let pages = 0; pages < MAX_CATCH_UP_PAGES; pages += 1) {
      const page = await listSuggestions(this.token, { since, cursor }, this.controller.signal);
      if (this.controller.signal.aborted) return;
      this.callbacks.onCustomers(page.items.flatMap((item) => item.customers));
      this.store.apply(page.items, 'caughtUp');
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    await this.recount();
  }

  /** The total again (when the api counts for these filters): what changed while away may precede the last count. */
  private async recount(): Promise<void> {
    if (this.store.getSnapshot().total === null) return;
    const generation = this.store.generationNow;
    const page = await listSuggestions(this.token, { ...this.store.currentFilters, limit: 1 }, this.controller.signal);
    this.store.recount(generation, page.total);
  }
}
