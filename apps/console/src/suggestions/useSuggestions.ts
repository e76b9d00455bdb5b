import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { ConsoleSocket } from '../useRealtime';
import { useLatest } from '../useLatest';
import { useSocketEvent } from '../useSocketEvent';
import { CustomerDirectory, type DirectorySnapshot } from './customerDirectory';
import { SuggestionFeed, type FeedStatus } from './suggestionFeed';
import { SuggestionStore, type SuggestionsSnapshot } from './suggestionStore';

export interface Suggestions extends SuggestionsSnapshot {
  status: FeedStatus;
  /** Loads again after a failure. */
  retry: () => void;
  store: SuggestionStore;
  directory: CustomerDirectory;
  customers: DirectorySnapshot;
}

/**
 * The open and blocked suggestions of the tenant, kept live: loaded on sign-in, caught up on every (re)connect of
 * the socket from the last change seen, and updated by `suggestion.created` / `suggestion.updated` in between. Also
 * the profiles of their customers, fetched again when a customer changes.
 */
export function useSuggestions(token: string, socket: ConsoleSocket | null, onUnauthorized: () => void): Suggestions {
  const unauthorized = useLatest(onUnauthorized);

  const [store] = useState(() => new SuggestionStore());
  const [directory] = useState(() => new CustomerDirectory(token, () => unauthorized.current()));
  const [status, setStatus] = useState<FeedStatus>({ phase: 'loading' });
  const feed = useRef<SuggestionFeed | null>(null);

  useEffect(() => directory.activate(), [directory]);

  useEffect(() => {
    const current = new SuggestionFeed(token, store, {
      onStatus: setStatus,
      onCustomers: (customers) => directory.remember(customers),
      onUnauthorized: () => unauthorized.current(),
    });
    feed.current = current;
    current.sync();
    return () => {
      current.close();
      if (feed.current === current) feed.current = null;
    };
  }, [token, store, directory, unauthorized]);

  // Every (re)connect: whatever changed while the socket was away.
  useEffect(() => {
    if (!socket) return;
    const catchUp = (): void => feed.current?.sync();
    socket.on('connect', catchUp);
    return () => {
      socket.off('connect', catchUp);
    };
  }, [socket]);

  useSocketEvent(socket, 'suggestion.created', (event) => store.apply([event.suggestion]));
  useSocketEvent(socket, 'suggestion.updated', (event) => store.apply([event.suggestion]));
  useSocketEvent(socket, 'customer.updated', (event) => directory.refresh(event.customerId));
  useSocketEvent(socket, 'customer.merged', (event) => directory.refresh(event.survivorId));

  const snapshot = useSyncExternalStore(store.subscribe, store.getSnapshot);
  const customers = useSyncExternalStore(directory.subscribe, directory.getSnapshot);
  const retry = useCallback(() => feed.current?.sync(), []);

  return { ...snapshot, status, retry, store, directory, customers };
}
