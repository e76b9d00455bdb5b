import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, RealtimeEvent, RealtimeEventName, ServerToClientEvents } from '@app/realtime';

export type ConsoleClient = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * A console's socket that records every event from the moment it connects, so a test can wait for an event that
 * may already have arrived, and later check what it never received.
 */
export class RecordingConsole {
  readonly events: { name: RealtimeEventName; payload: unknown }[] = [];
  private readonly waiters: (() => void)[] = [];
  readonly socket: ConsoleClient;
  /** Why the server or the client ended the connection, once it has ended (socket.io's reason). */
  readonly disconnected: Promise<string>;

  private constructor(url: string, token: string) {
    this.socket = io(url, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
    this.disconnected = new Promise((resolve) => this.socket.once('disconnect', resolve));
    this.socket.onAny((name: RealtimeEventName, payload: unknown) => {
      this.events.push({ name, payload });
      for (const wake of this.waiters.splice(0)) wake();
    });
  }

  static async connect(url: string, token: string): Promise<RecordingConsole> {
    const client = new RecordingConsole(url, token);
    await new Promise<void>((resolve, reject) => {
      client.socket.once('connect', resolve);
      client.socket.once('connect_error', reject);
    });
    return client;
  }

  /** The first recorded event of this name matching `predicate`, waiting for it if needed. */
  async next<E extends RealtimeEventName>(
    name: E,
    predicate: (payload: RealtimeEvent<E>) => boolean = () => true,
  ): Promise<RealtimeEvent<E>> {
    for (;;) {
      const found = this.events.find((event) => event.name === name && predicate(event.payload as RealtimeEvent<E>));
      if (found) return found.payload as RealtimeEvent<E>;
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  named<E extends RealtimeEventName>(name: E): RealtimeEvent<E>[] {
    return this.events.filter((event) => event.name === name).map((event) => event.payload as RealtimeEvent<E>);
  }

  close(): void {
    this.socket.disconnect();
  }
}
