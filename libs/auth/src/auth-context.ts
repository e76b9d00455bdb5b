import type { Role } from '@app/persistence';

/** Who is calling: a signed-in user (JWT) … */
export interface UserPrincipal {
  kind: 'user';
  userId: string;
  tenantId: string;
  role: Role;
}

/** … or a connector holding a key for one channel. */
export interface ConnectorPrincipal {
  kind: 'connector';
  keyId: string;
  tenantId: string;
  channelId: string;
}

export type Principal = UserPrincipal | ConnectorPrincipal;

export interface AccessTokenClaims {
  sub: string;
  tid: string;
  role: Role;
}
