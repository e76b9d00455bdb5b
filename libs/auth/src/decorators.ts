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
  | { kind: 'integration'; minRole: Role };

export const Public = (): MethodDecorator & ClassDecorator =>
  SetMetadata(ACCESS_KEY, { kind: 'public' } satisfies Access);

export const MinRole = (minRole: Role): MethodDecorator & ClassDecorator =>
  SetMetadata(ACCESS_KEY, { kind: 'user', minRole } satisfies Access);

/** Authenticated by a connector key of the channel named in the route parameter. */
export const ConnectorKey = (channelParam = 'channelId'): MethodDecorator & ClassDecorator =>
  SetMetadata(ACCESS_KEY, { kind: 'connector', channelParam } satisfies Access);

/**
 * Written by integrations: a connector key of any channel of the tenant (the tenant is the key's), or a signed-in
 * user with at least `minRole`.
 */
export const ConnectorKeyOrRole = (minRole: Role): MethodDecorator & ClassDecorator =>
  SetMetadata(ACCESS_KEY, { kind: 'integration', minRole } satisfies Access);

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
