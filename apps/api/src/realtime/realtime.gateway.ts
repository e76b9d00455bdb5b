import { Logger } from '@nestjs/common';
import { WebSocketGateway, type OnGatewayInit } from '@nestjs/websockets';
import type { Server, Socket } from 'socket.io';
import { TokenService, type UserPrincipal } from '@app/auth';
import { tenantRoom, type ClientToServerEvents, type ServerToClientEvents } from '@app/realtime';

export interface SocketData {
  principal: UserPrincipal;
}

export type ConsoleSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

/**
 * Consoles connect with `auth: { token }` (the same JWT as REST). A socket without a valid token is refused
 * before it connects; an accepted one joins only its own tenant's room.
 */
@WebSocketGateway()
export class RealtimeGateway implements OnGatewayInit {
  private readonly logger = new Logger(RealtimeGateway.name);

  constructor(private readonly tokens: TokenService) {}

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

  private async authenticate(socket: ConsoleSocket): Promise<UserPrincipal | undefined> {
    const token: unknown = socket.handshake.auth?.token;
    return typeof token === 'string' && token.length > 0 ? this.tokens.verify(token) : undefined;
  }
}
