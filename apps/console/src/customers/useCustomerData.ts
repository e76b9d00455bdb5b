import { useEffect, useRef, useState } from 'react';
import { ApiError, isUnauthorized, messageOf } from '../api';
import type { ConsoleContext } from '../consoleContext';
import { useLatest } from '../useLatest';
import { useSocketEvent } from '../useSocketEvent';
import { fetchConversations, fetchProfile } from './api';
import type { ConversationSummary, CustomerProfile } from './types';

export type Loaded<T> =
  { phase: 'loading'; data?: T } | { phase: 'ready'; data: T } | { phase: 'error'; message: string; data?: T };

export interface CustomerData {
  profile: Loaded<CustomerProfile> | { phase: 'not-found' };
  conversations: Loaded<ConversationSummary[]>;
  /** Bumped by every change of this customer that arrives live (and after a reconnect): views fetch again. */
  version: number;
  /** Bumped per conversation by `message.received`, so that an open conversation fetches its messages again. */
  messageVersions: ReadonlyMap<string, number>;
  reload: () => void;
}

const previous = <T>(state: { data?: T } | { phase: 'not-found' }): T | undefined =>
  'data' in state ? state.data : undefined;

/**
 * A customer's profile and conversations, kept current: the socket watches the customer's room (again after every
 * reconnect), and its events fetch what they changed. The page is keyed by the customer's id, so another customer
 * starts from nothing shown. `onMergedAway` is told the survivor when the customer is
 * merged into another meanwhile (or was already: the api redirects to it).
 */
export function useCustomerData(
  context: ConsoleContext,
  customerId: string,
  onMergedAway: (survivorId: string) => void,
): CustomerData {
  const { token, socket, connection } = context;
  const [profile, setProfile] = useState<CustomerData['profile']>({ phase: 'loading' });
  const [conversations, setConversations] = useState<CustomerData['conversations']>({ phase: 'loading' });
  const [version, setVersion] = useState(0);
  const [messageVersions, setMessageVersions] = useState<ReadonlyMap<string, number>>(new Map());
  const unauthorized = useLatest(context.onUnauthorized);
  const mergedAway = useLatest(onMergedAway);
  const bump = (): void => setVersion((n) => n + 1);

  useEffect(() => {
    const controller = new AbortController();
    const { signal } = controller;
    const failed = (error: unknown, fallback: string): string | undefined => {
      if (signal.aborted) return undefined;
      if (isUnauthorized(error)) unauthorized.current();
      return messageOf(error, fallback);
    };

    setProfile((state) => ({ phase: 'loading', data: previous(state) }));
    fetchProfile(token, customerId, signal).then(
      (loaded) => {
        if (loaded.id !== customerId) {
          mergedAway.current(loaded.id);
          return;
        }
        setProfile({ phase: 'ready', data: loaded });
      },
      (error: unknown) => {
        const message = failed(error, 'The customer could not be loaded.');
        if (message === undefined) return;
        if (error instanceof ApiError && error.status === 404) setProfile({ phase: 'not-found' });
        else setProfile((state) => ({ phase: 'error', message, data: previous(state) }));
      },
    );

    setConversations((state) => ({ phase: 'loading', data: previous(state) }));
    fetchConversations(token, customerId, signal).then(
      (page) => setConversations({ phase: 'ready', data: page.items }),
      (error: unknown) => {
        const message = failed(error, 'The conversations could not be loaded.');
        if (message !== undefined) setConversations((state) => ({ phase: 'error', message, data: previous(state) }));
      },
    );
    return () => controller.abort();
  }, [token, customerId, version, unauthorized, mergedAway]);

  // Watch the customer's room while the page is open, and again on every (re)connection of the socket.
  useEffect(() => {
    if (!socket) return;
    const watch = (): void => {
      socket.emit('customer.watch', customerId, () => undefined);
    };
    if (socket.connected) watch();
    socket.on('connect', watch);
    return () => {
      socket.off('connect', watch);
      if (socket.connected) socket.emit('customer.unwatch', customerId, () => undefined);
    };
  }, [socket, customerId]);

  // What was missed while the connection was away is fetched once it is back.
  const wasOffline = useRef(false);
  useEffect(() => {
    if (connection === 'offline') wasOffline.current = true;
    if (connection === 'live' && wasOffline.current) {
      wasOffline.current = false;
      setVersion((n) => n + 1);
    }
  }, [connection]);

  const listed = previous(conversations) ?? [];
  useSocketEvent(socket, 'message.received', (event) => {
    if (event.customerId !== customerId) return;
    setMessageVersions((versions) =>
      new Map(versions).set(event.conversationId, (versions.get(event.conversationId) ?? 0) + 1),
    );
    bump();
  });
  // A reply moved on (sent, delivered, read, failed): its conversation's messages are read again.
  useSocketEvent(socket, 'message.updated', (event) => {
    if (event.customerId !== customerId) return;
    setMessageVersions((versions) =>
      new Map(versions).set(event.conversationId, (versions.get(event.conversationId) ?? 0) + 1),
    );
  });
  useSocketEvent(socket, 'conversation.updated', (event) => {
    if (event.customerId === customerId || listed.some((conversation) => conversation.id === event.conversationId)) {
      bump();
    }
  });
  useSocketEvent(socket, 'customer.updated', (event) => {
    if (event.customerId === customerId) bump();
  });
  useSocketEvent(socket, 'customer.merged', (event) => {
    if (event.victimIds.includes(customerId)) mergedAway.current(event.survivorId);
    else if (event.survivorId === customerId) bump();
  });
  useSocketEvent(socket, 'identity.detached', (event) => {
    if (event.fromCustomerId === customerId || event.toCustomerId === customerId) bump();
  });
  // An undone detach gives the identity back to the source; the detached customer is then a tombstone leading there.
  useSocketEvent(socket, 'detach.undone', (event) => {
    if (event.fromCustomerId === customerId) mergedAway.current(event.toCustomerId);
    else if (event.toCustomerId === customerId) bump();
  });
  useSocketEvent(socket, 'merge.undone', (event) => {
    if (event.survivorId === customerId || event.restoredIds.includes(customerId)) bump();
  });

  return { profile, conversations, version, messageVersions, reload: bump };
}
