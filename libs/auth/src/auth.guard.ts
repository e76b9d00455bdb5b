import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ProblemException } from '@app/http';
import type { FastifyRequest } from 'fastify';
import type { Principal } from './auth-context.js';
import { bearerToken } from './bearer.js';
import { isConnectorKeyShaped } from './connector-key.js';
import { ConnectorKeyService } from './connector-key.service.js';
import { ACCESS_KEY, type Access, type RequestWithPrincipal } from './decorators.js';
import { hasRole } from './roles.js';
import { UserSessionService } from './user-session.service.js';

/** A request of a route whose path parameters name channels. */
type RouteRequest = FastifyRequest<{ Params: Record<string, string | undefined> }>;

type ProtectedAccess = Exclude<Access, { kind: 'public' }>;

const DEFAULT_ACCESS: Access = { kind: 'user', minRole: 'agent' };

const unauthenticated = (): ProblemException =>
  new ProblemException(401, 'unauthenticated', 'A valid bearer token is required');

/**
 * The one gate of every HTTP route: public, signed-in users with a minimum role, channel connector keys, or (for
 * tenant-wide integration routes) either a connector key of the tenant or a user with the role.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: UserSessionService,
    private readonly connectorKeys: ConnectorKeyService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const access =
      this.reflector.getAllAndOverride<Access>(ACCESS_KEY, [context.getHandler(), context.getClass()]) ??
      DEFAULT_ACCESS;
    if (access.kind === 'public') return true;
    const request = context.switchToHttp().getRequest<RouteRequest & RequestWithPrincipal>();
    const token = bearerToken(request.headers.authorization);
    if (!token) throw unauthenticated();
    request.principal = await this.authenticate(token, access, request);
    return true;
  }

  private async authenticate(token: string, access: ProtectedAccess, request: RouteRequest): Promise<Principal> {
    if (access.kind === 'connector') {
      const connector = await this.connectorKeys.authenticate(token);
      if (!connector) throw unauthenticated();
      if (request.params[access.channelParam] !== connector.channelId) {
        throw new ProblemException(403, 'wrong_channel', 'This key belongs to another channel');
      }
      return connector;
    }
    if (access.kind === 'userOrConnector' && isConnectorKeyShaped(token)) {
      const connector = await this.connectorKeys.authenticate(token);
      if (!connector) throw unauthenticated();
      return connector;
    }
    const user = (await this.sessions.authenticate(token))?.principal;
    if (!user) throw unauthenticated();
    if (!hasRole(user.role, access.minRole)) {
      throw new ProblemException(403, 'forbidden', `Requires the ${access.minRole} role`);
    }
    return user;
  }
}
