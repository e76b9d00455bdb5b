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
  /** An admin marked the key trusted: the addresses its messages send are taken as proven. */
  trusted: boolean;
}

export type Principal = UserPrincipal | ConnectorPrincipal;

/** The role is not a claim: it is read from the user on every request, so a change applies at once. */
export interface AccessTokenClaims {
  sub: string;
  tid: string;
  /** The user's token version when it was signed. */
  ver: number;
}

export interface VerifiedToken {
  userId: string;
  tenantId: string;
  tokenVersion: number;
  /** Epoch milliseconds. */
  expiresAt: number;
}
