import { useEffect } from 'react';
import type { RealtimeEventName, ServerToClientEvents } from '@app/realtime';
import { useLatest } from './useLatest';
import type { ConsoleSocket } from './useRealtime';

type Listener = (...args: unknown[]) => void;

/** Calls the latest `handler` for every `event` the socket receives, for as long as the component is mounted. */
export function useSocketEvent<E extends RealtimeEventName>(
  socket: ConsoleSocket | null,
  event: E,
  handler: ServerToClientEvents[E],
): void {
  const latest = useLatest(handler);

  useEffect(() => {
    if (!socket) return;
    const listener: Listener = (...args) => (latest.current as Listener)(...args);
    // socket.io's typed `on` cannot follow a generic event name; the handler's type is checked at the call site.
    const untyped = socket as unknown as {
      on(name: string, fn: Listener): void;
      off(name: string, fn: Listener): void;
    };
    untyped.on(event, listener);
    return () => untyped.off(event, listener);
  }, [socket, event, latest]);
}
