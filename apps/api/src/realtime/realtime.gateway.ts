import { Logger } from '@nestjs/common';
import {
  ConnectedSocket,
  MessageBody,
  SubscribeMessage,
  WebSocketGateway,
  type OnGatewayInit,
} from '@nestjs/websockets';
import type { Server, Socket } from 'socket.io';
import { TokenService, type UserPrincipal } from '@app/auth';
import { CustomerRepository } from '@app/persistence';
import {
  customerRoom,
  tenantRoom,
  type ClientToServerEvents,
  type ServerToClientEvents,
  type WatchAck,
} from '@app/realtime';

export interface SocketData {
  principal: UserPrincipal;
}

export type ConsoleSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

/**
 * Consoles connect with `auth: { token }` (the same JWT as REST). A socket without a valid token is refused
 * before it connects; an accepted one joins only its own tenant's room, and the rooms of the tenant's customers
 * whose profiles it has open.
 */
@WebSocketGateway()
export class RealtimeGateway implements OnGatewayInit {
  private readonly logger = new Logger(RealtimeGateway.name);

  constructor(
    private readonly tokens: TokenService,
    private readonly customers: CustomerRepository,
  ) {}

  afterInit(server: Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>): void {
    server.use((socket, next) => {
      void this.authenticate(socket).then(
        (principal) => {
          if (!principal) return next(Object.assign(new Error('unauthorized'), { data: { code: 'unauthenticated' } }));
          socket.data.principal = principal;
          void socket.join(tenantRoom(principal.tenantId));
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

  private async authenticate(socket: ConsoleSocket): Promise<UserPrincipal | undefined> {
    const token: unknown = socket.handshake.auth?.token;
    return typeof token === 'string' && token.length > 0 ? this.tokens.verify(token) : undefined;
  }
}
