import { Injectable } from '@nestjs/common';
import { UserRepository } from '@app/persistence';
import { sessionStanding } from './access-rules.js';
import type { UserPrincipal, VerifiedToken } from './auth-context.js';
import { TokenService } from './token.service.js';

export interface UserSession {
  principal: UserPrincipal;
  token: VerifiedToken;
}

/**
 * A token speaks for its user only while the user is active and its token version unchanged. Both are read from the
 * user's record on every request and socket connection (one primary-key read, coalesced per event-loop turn) rather
 * than cached, so a change made through any api instance applies to the next request on every instance with no
 * invalidation to get right.
 */
@Injectable()
export class UserSessionService {
  constructor(
    private readonly tokens: TokenService,
    private readonly users: UserRepository,
  ) {}

  async authenticate(token: string): Promise<UserSession | undefined> {
    const verified = await this.tokens.verify(token);
    if (!verified) return undefined;
    const user = await this.users.findForSession(verified.tenantId, verified.userId);
    if (!user || sessionStanding(verified.tokenVersion, user) !== 'valid') return undefined;
    return {
      principal: { kind: 'user', userId: verified.userId, tenantId: verified.tenantId, role: user.role },
      token: verified,
    };
  }
}
