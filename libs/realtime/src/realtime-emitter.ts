import { Emitter } from '@socket.io/redis-emitter';
import type { Redis } from 'ioredis';
import {
  customerRoom,
  customersOf,
  tenantRoom,
  type RealtimeEvent,
  type RealtimeEventName,
  type RealtimePayload,
  type ServerToClientEvents,
  type SessionRevokedReason,
  userRoom,
} from './events.js';

/**
 * Sends events to the consoles of one tenant from any process (the worker has no socket server): through Redis,
 * to every api instance, which delivers to its sockets in the tenant's room.
 */
export class RealtimeEmitter {
  private readonly emitter: Emitter<ServerToClientEvents>;

  constructor(redis: Redis) {
    // The emitter publishes without awaiting; a publish refused by a closed or broken connection (a worker shutting
    // down, Redis away) would be an unhandled rejection that ends the process. Live events are a courtesy to open
    // consoles, which read state again when they reconnect: a lost one is dropped, not fatal.
    const publisher = {
      publish: (channel: string, message: string | Buffer) => redis.publish(channel, message).catch(() => 0),
    };
    this.emitter = new Emitter<ServerToClientEvents>(publisher);
  }

  emit<E extends RealtimeEventName>(tenantId: string, event: E, payload: RealtimePayload<E>): void {
    const message = { tenantId, at: new Date().toISOString(), ...payload } as RealtimeEvent<E>;
    const rooms = [tenantRoom(tenantId), ...customersOf(payload).map((id) => customerRoom(tenantId, id))];
    // One emit to several rooms: a socket in more than one of them still receives the event once.
    (this.emitter.to(rooms).emit as (event: E, message: unknown) => void)(event, message);
  }

  /**
   * Tells every socket of the user, on every api instance, that its session ended, then disconnects them. Both go
   * through the one Redis connection in order, so a socket hears why before it is dropped.
   */
  endSessions(tenantId: string, userId: string, reason: SessionRevokedReason): void {
    const room = this.emitter.to(userRoom(tenantId, userId));
    room.emit('session.revoked', { tenantId, at: new Date().toISOString(), userId, reason });
    room.disconnectSockets();
  }
}
