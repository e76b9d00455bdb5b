import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type { AccessTokenClaims, VerifiedToken } from './auth-context.js';

@Injectable()
export class TokenService {
  constructor(private readonly jwt: JwtService) {}

  sign(user: { id: string; tenantId: string; tokenVersion: number }): Promise<string> {
    const claims: AccessTokenClaims = { sub: user.id, tid: user.tenantId, ver: user.tokenVersion };
    return this.jwt.signAsync(claims);
  }

  /**
   * What a validly signed, unexpired token says, or undefined for anything else (expired, forged, malformed, or
   * signed before token versions). Whether it still speaks for its user is `UserSessionService`'s question.
   */
  async verify(token: string): Promise<VerifiedToken | undefined> {
    try {
      const claims = await this.jwt.verifyAsync<AccessTokenClaims & { exp: number }>(token, {
        algorithms: ['HS256'],
      });
      if (typeof claims.sub !== 'string' || typeof claims.tid !== 'string' || !Number.isInteger(claims.ver)) {
        return undefined;
      }
      return { userId: claims.sub, tenantId: claims.tid, tokenVersion: claims.ver, expiresAt: claims.exp * 1000 };
    } catch {
      return undefined;
    }
  }
}
