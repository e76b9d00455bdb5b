import { useEffect, useState } from 'react';
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, RealtimeEvent, ServerToClientEvents } from '@app/realtime';
import { useLatest } from './useLatest';

export type ConnectionState = 'connecting' | 'live' | 'offline';

export type ConsoleSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

type ActivityEvent = 'customer.created' | 'message.received';

/** An event of the activity list, numbered in arrival order. */
export type ActivityEntry = { [E in ActivityEvent]: RealtimeEvent<E> & { id: number; event: E } }[ActivityEvent];

const MAX_ACTIVITY = 50;

/** How long to wait before trying again after the server refused us for a reason other than auth. */
const RETRY_AFTER_MS = 5_000;

/** The gateway refuses a bad token with `data.code: 'unauthenticated'`. */
function isAuthError(error: Error): boolean {
  return (error as Error & { data?: { code?: unknown } }).data?.code === 'unauthenticated';
}

/**
 * One socket.io connection for the signed-in user: reports whether it is live, collects the latest activity, hands
 * out the socket for other listeners (`useSocketEvent`), and calls `onUnauthorized` when the server refuses the token.
 */
export function useRealtime(
  token: string,
  onUnauthorized: () => void,
): { state: ConnectionState; activity: ActivityEntry[]; socket: ConsoleSocket | null } {
  const [state, setState] = useState<ConnectionState>('connecting');
  const [activity, setActivity] = useState<ActivityEntry[]>([]);
  const [socket, setSocket] = useState<ConsoleSocket | null>(null);
  const unauthorized = useLatest(onUnauthorized);

  useEffect(() => {
    let nextId = 0;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let closed = false;

    setState('connecting');
    setActivity([]);

    const socket: ConsoleSocket = io({ auth: { token }, transports: ['websocket'] });
    setSocket(socket);

    const record = (entry: ActivityEntry): void => {
      setActivity((previous) => [entry, ...previous].slice(0, MAX_ACTIVITY));
    };

    const retryLater = (): void => {
      clearTimeout(retry);
      retry = setTimeout(() => {
        if (!closed && !socket.connected) socket.connect();
      }, RETRY_AFTER_MS);
    };

    socket.on('connect', () => setState('live'));

    socket.on('disconnect', (reason) => {
      setState('offline');
      // The server dropped us on purpose (e.g. the token was revoked); try again, and an auth refusal signs out.
      if (reason === 'io server disconnect') retryLater();
    });

    socket.on('connect_error', (error) => {
      if (closed) return;
      if (isAuthError(error)) {
        closed = true;
        socket.disconnect();
        unauthorized.current();
        return;
      }
      setState('offline');
      // A refusal by the server's middleware is final for the client; transport failures retry by themselves.
      if (!socket.active) retryLater();
    });

    socket.on('customer.created', (event) => record({ ...event, event: 'customer.created', id: (nextId += 1) }));
    socket.on('message.received', (event) => record({ ...event, event: 'message.received', id: (nextId += 1) }));

    return () => {
      closed = true;
      clearTimeout(retry);
      socket.removeAllListeners();
      socket.disconnect();
      setSocket(null);
    };
  }, [token, unauthorized]);

  return { state, activity, socket };
}
