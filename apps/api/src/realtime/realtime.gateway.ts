import { Logger } from '@nestjs/common';
import {
  ConnectedSocket,
  MessageBody,
  SubscribeMessage,
  WebSocketGateway,
  type OnGatewayInit,
} from '@nestjs/websockets';
import type { Server, Socket } from 'socket.io';
import { UserSessionService, type UserPrincipal, type UserSession } from '@app/auth';
import { CustomerRepository } from '@app/persistence';
import {
  customerRoom,
  tenantRoom,
  userRoom,
  type ClientToServerEvents,
  type ServerToClientEvents,
  type WatchAck,
} from '@app/realtime';

export interface SocketData {
  principal: UserPrincipal;
}

export type ConsoleSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

/** Timers beyond this overflow (Node clamps them to 1 ms); a longer-lived token is simply not timed out. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Consoles connect with `auth: { token }` (the same JWT as REST), checked against its user like a request. A socket
 * without a valid token is refused before it connects; an accepted one joins its own tenant's room, its user's room
 * (where `session.revoked` reaches it) and the rooms of the tenant's customers whose profiles it has open. It is
 * told `session.revoked` and dropped when its token expires.
 */
@WebSocketGateway()
export class RealtimeGateway implements OnGatewayInit {
  private readonly logger = new Logger(RealtimeGateway.name);

  constructor(
    private readonly sessions: UserSessionService,
    private readonly customers: CustomerRepository,
  ) {}

  afterInit(server: Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>): void {
    server.use((socket, next) => {
      void this.authenticate(socket).then(
        (session) => {
          if (!session) return next(Object.assign(new Error('unauthorized'), { data: { code: 'unauthenticated' } }));
          const { principal } = session;
          socket.data.principal = principal;
          void socket.join([tenantRoom(principal.tenantId), userRoom(principal.tenantId, principal.userId)]);
          this.endAtExpiry(socket, session);
          next();
        },
        (error: unknown) => {
          this.logger.error(error);
          next(new Error('internal_error'));
        },
      );
    });
  }

  @SubscribeMessage('customer.watch')
  async watch(@ConnectedSocket() socket: ConsoleSocket, @MessageBody() customerId: unknown): Promise<WatchAck> {
    const room = await this.roomOf(socket, customerId);
    if (typeof room !== 'string') return room;
    await socket.join(room);
    return { ok: true };
  }

  @SubscribeMessage('customer.unwatch')
  async unwatch(@ConnectedSocket() socket: ConsoleSocket, @MessageBody() customerId: unknown): Promise<WatchAck> {
    if (typeof customerId !== 'string') return { ok: false, code: 'invalid_request' };
    await socket.leave(customerRoom(socket.data.principal.tenantId, customerId));
    return { ok: true };
  }

  /** Only a customer of the socket's own tenant has a room it may join. */
  private async roomOf(socket: ConsoleSocket, customerId: unknown): Promise<string | WatchAck> {
    if (typeof customerId !== 'string') return { ok: false, code: 'invalid_request' };
    const { tenantId } = socket.data.principal;
    const customer = await this.customers.findById(tenantId, customerId);
    return customer ? customerRoom(tenantId, customerId) : { ok: false, code: 'not_found' };
  }

  private endAtExpiry(socket: ConsoleSocket, { principal, token }: UserSession): void {
    const remaining = token.expiresAt - Date.now();
    if (remaining > MAX_TIMER_MS) return;
    const timer = setTimeout(() => {
      const { tenantId, userId } = principal;
      socket.emit('session.revoked', { tenantId, at: new Date().toISOString(), userId, reason: 'expired' });
      socket.disconnect();
    }, remaining);
    socket.once('disconnect', () => clearTimeout(timer));
  }

  private async authenticate(socket: ConsoleSocket): Promise<UserSession | undefined> {
    const token: unknown = socket.handshake.auth?.token;
    return typeof token === 'string' && token.length > 0 ? this.sessions.authenticate(token) : undefined;
  }
}
