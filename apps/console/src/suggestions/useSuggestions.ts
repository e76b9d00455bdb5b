import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { ConsoleSocket } from '../useRealtime';
import { useLatest } from '../useLatest';
import { useSocketEvent } from '../useSocketEvent';
import { CustomerDirectory, type DirectorySnapshot } from './customerDirectory';
import { filtersToParams, type SuggestionFilters } from './filters';
import { SuggestionFeed, type FeedStatus } from './suggestionFeed';
import { SuggestionStore, type SuggestionsSnapshot } from './suggestionStore';

export interface Suggestions extends SuggestionsSnapshot {
  status: FeedStatus;
  /** Loads again what failed. */
  retry: () => void;
  /** Shows what these filters hold from the first page, unless they are those shown already. */
  show: (filters: SuggestionFilters) => void;
  /** Reads the next page. */
  showMore: () => void;
  store: SuggestionStore;
  directory: CustomerDirectory;
  customers: DirectorySnapshot;
}

/**
 * The open and blocked suggestions of the tenant the inbox's filters hold, a page at a time, kept live: the first
 * page read when the inbox shows (again when its filters change), caught up on every (re)connect of the socket from
 * the last change seen, and updated by `suggestion.created` / `suggestion.updated` in between. Also the profiles of
 * their customers, fetched again when a customer changes.
 */
export function useSuggestions(token: string, socket: ConsoleSocket | null, onUnauthorized: () => void): Suggestions {
  const unauthorized = useLatest(onUnauthorized);

  const [store] = useState(() => new SuggestionStore());
  const [directory] = useState(() => new CustomerDirectory(token, () => unauthorized.current()));
  const [status, setStatus] = useState<FeedStatus>({ phase: 'loading' });
  const feed = useRef<SuggestionFeed | null>(null);
  /** The filters the inbox shows and their address form (null until it shows); the same filters keep the object. */
  const [shown, setShown] = useState<{ key: string; filters: SuggestionFilters } | null>(null);

  useEffect(() => directory.activate(), [directory]);

  // A feed per filters: changing them drops what is on its way for the earlier ones.
  useEffect(() => {
    if (!shown) return;
    const current = new SuggestionFeed(token, store, {
      onStatus: setStatus,
      onCustomers: (customers) => directory.remember(customers),
      onUnauthorized: () => unauthorized.current(),
    });
    feed.current = current;
    current.show(shown.filters);
    return () => {
      current.close();
      if (feed.current === current) feed.current = null;
    };
  }, [token, store, directory, unauthorized, shown]);

  // Every (re)connect: whatever changed while the socket was away.
  useEffect(() => {
    if (!socket) return;
    const catchUp = (): void => feed.current?.catchUp();
    socket.on('connect', catchUp);
    return () => {
      socket.off('connect', catchUp);
    };
  }, [socket]);

  useSocketEvent(socket, 'suggestion.created', (event) => store.apply([event.suggestion], 'created'));
  useSocketEvent(socket, 'suggestion.updated', (event) => store.apply([event.suggestion]));
  useSocketEvent(socket, 'customer.updated', (event) => directory.refresh(event.customerId));
  useSocketEvent(socket, 'customer.merged', (event) => directory.refresh(event.survivorId));

  const snapshot = useSyncExternalStore(store.subscribe, store.getSnapshot);
  const customers = useSyncExternalStore(directory.subscribe, directory.getSnapshot);
  const retry = useCallback(() => feed.current?.retry(), []);
  const showMore = useCallback(() => feed.current?.more(), []);
  const show = useCallback((filters: SuggestionFilters) => {
    const key = filtersToParams(filters).toString();
    setShown((current) => (current?.key === key ? current : { key, filters }));
  }, []);

  return { ...snapshot, status, retry, show, showMore, store, directory, customers };
}
