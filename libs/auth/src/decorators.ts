import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { Role } from '@app/persistence';
import type { Principal, UserPrincipal } from './auth-context.js';

export const ACCESS_KEY = 'access';

/**
 * How a route is reached. Every route is `user` with role `agent` unless it says otherwise, so a route that
 * forgets to declare its access is closed, not open.
 */
export type Access =
  | { kind: 'public' }
  | { kind: 'user'; minRole: Role }
  | { kind: 'connector'; channelParam: string }
  | { kind: 'connectorOrUser'; minRole: Role };

export const Public = (): MethodDecorator & ClassDecorator =>
  SetMetadata(ACCESS_KEY, { kind: 'public' } satisfies Access);

export const MinRole = (minRole: Role): MethodDecorator & ClassDecorator =>
  SetMetadata(ACCESS_KEY, { kind: 'user', minRole } satisfies Access);

/** Authenticated by a connector key of the channel named in the route parameter. */
export const ConnectorKey = (channelParam = 'channelId'): MethodDecorator & ClassDecorator =>
  SetMetadata(ACCESS_KEY, { kind: 'connector', channelParam } satisfies Access);

/** Tenant-wide integration routes: any connector key of the tenant, or a signed-in user with the role. */
export const ConnectorKeyOrRole = (minRole: Role): MethodDecorator & ClassDecorator =>
  SetMetadata(ACCESS_KEY, { kind: 'connectorOrUser', minRole } satisfies Access);

export interface RequestWithPrincipal {
  principal?: Principal;
}

export const CurrentPrincipal = createParamDecorator((_data: unknown, context: ExecutionContext): Principal => {
  const request = context.switchToHttp().getRequest<RequestWithPrincipal>();
  if (!request.principal) throw new Error('CurrentPrincipal used on a route without authentication');
  return request.principal;
});

export const CurrentUser = createParamDecorator((_data: unknown, context: ExecutionContext): UserPrincipal => {
  const principal = context.switchToHttp().getRequest<RequestWithPrincipal>().principal;
  if (principal?.kind !== 'user') throw new Error('CurrentUser used on a route not restricted to users');
  return principal;
});
