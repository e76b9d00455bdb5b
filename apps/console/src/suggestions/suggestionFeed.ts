import { isUnauthorized, messageOf } from '../api';
import { listSuggestions, type SuggestionQuery } from './api';
import type { SuggestionStore } from './suggestionStore';
import type { SuggestionCustomer, SuggestionPage } from './types';

/**
 * A catch-up reads from a little before the last change seen: changes are stamped by several processes (api
 * instances, the worker) whose clocks and write order may differ slightly. Reading one twice is harmless.
 */
const CATCH_UP_OVERLAP_MS = 5_000;

/** A runaway cursor must not keep the console busy for ever. */
const MAX_PAGES = 50;

export type FeedStatus = { phase: 'loading' } | { phase: 'ready' } | { phase: 'error'; message: string };

interface FeedCallbacks {
  onStatus: (status: FeedStatus) => void;
  onCustomers: (customers: SuggestionCustomer[]) => void;
  onUnauthorized: () => void;
}

/**
 * Brings the store up to date over REST: the first time, every open and blocked suggestion; after that (on every
 * reconnect of the socket) every suggestion changed since the last change seen, whatever its status, so that
 * suggestions decided meanwhile leave the list. Runs one sync at a time; asking during one runs another after it.
 */
export class SuggestionFeed {
  private readonly controller = new AbortController();
  private running = false;
  private again = false;
  private loaded = false;

  constructor(
    private readonly token: string,
    private readonly store: SuggestionStore,
    private readonly callbacks: FeedCallbacks,
  ) {}

  readonly sync = (): void => {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    void this.run();
  };

  close(): void {
    this.controller.abort();
  }

  private async run(): Promise<void> {
    if (!this.loaded) this.callbacks.onStatus({ phase: 'loading' });
    try {
      do {
        this.again = false;
        await this.syncOnce();
      } while (this.again && !this.controller.signal.aborted);
      this.loaded = true;
      if (!this.controller.signal.aborted) this.callbacks.onStatus({ phase: 'ready' });
    } catch (error) {
      if (this.controller.signal.aborted) return;
      if (isUnauthorized(error)) {
        this.callbacks.onUnauthorized();
        return;
      }
      this.callbacks.onStatus({ phase: 'error', message: messageOf(error, 'The suggestions could not be loaded.') });
    } finally {
      this.running = false;
    }
  }

  private async syncOnce(): Promise<void> {
    const lastChange = this.store.lastChange;
    if (lastChange === null) {
      // Nothing seen yet: everything an agent can act on.
      await this.readAll({ status: 'open' });
      await this.readAll({ status: 'blocked' });
    } else {
      const since = new Date(Date.parse(lastChange) - CATCH_UP_OVERLAP_MS).toISOString();
      await this.readAll({ since });
    }
  }

  private async readAll(query: SuggestionQuery): Promise<void> {
    let cursor: string | undefined;
    for (let pages = 0; pages < MAX_PAGES; pages += 1) {
      const page: SuggestionPage = await listSuggestions(this.token, { ...query, cursor }, this.controller.signal);
      if (this.controller.signal.aborted) return;
      this.callbacks.onCustomers(page.items.flatMap((item) => item.customers));
      this.store.apply(page.items);
      if (!page.nextCursor) return;
      cursor = page.nextCursor;
    }
  }
}
