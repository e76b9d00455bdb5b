import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { ROLES, type Role } from '@app/persistence';
import type { AccessTokenClaims, UserPrincipal } from './auth-context.js';

@Injectable()
export class TokenService {
  constructor(private readonly jwt: JwtService) {}

  sign(user: { id: string; tenantId: string; role: Role }): Promise<string> {
    const claims: AccessTokenClaims = { sub: user.id, tid: user.tenantId, role: user.role };
    return this.jwt.signAsync(claims);
  }

  /** The principal of a valid token, or undefined for anything else (expired, forged, malformed). */
  async verify(token: string): Promise<UserPrincipal | undefined> {
    try {
      const claims = await this.jwt.verifyAsync<AccessTokenClaims>(token, { algorithms: ['HS256'] });
      if (typeof claims.sub !== 'string' || typeof claims.tid !== 'string' || !ROLES.includes(claims.role)) {
        return undefined;
      }
      return { kind: 'user', userId: claims.sub, tenantId: claims.tid, role: claims.role };
    } catch {
      return undefined;
    }
  }
}
