import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { loginStanding, PasswordService, TokenService, type UserPrincipal } from '@app/auth';
import { notFound, ProblemException } from '@app/http';
import { TenantRepository, UserRepository, type Stored, type User } from '@app/persistence';
import { RealtimeEmitter } from '@app/realtime';
import { toUserView } from '../users/user-view.js';
import type { LoginDto, LoginResponse, SignedInUserView } from './auth.dto.js';
import { LoginAttemptsService } from './login-attempts.service.js';

@Injectable()
export class AuthService {
  /** Verified against when the email is unknown, so that both failures cost the same time. */
  private dummyHash?: Promise<string>;

  constructor(
    private readonly users: UserRepository,
    private readonly tenants: TenantRepository,
    private readonly passwords: PasswordService,
    private readonly tokens: TokenService,
    private readonly realtime: RealtimeEmitter,
    private readonly attempts: LoginAttemptsService,
  ) {}

  /**
   * Every attempt verifies one password hash, whether the email is unknown, the password wrong or the user
   * deactivated, so the answer's timing tells nothing. Only the holder of the right password learns that the account
   * is deactivated. An account with failed sign-ins in a row waits, then is locked (`loginStanding`), before any
   * hash is verified.
   */
  async login(dto: LoginDto): Promise<LoginResponse> {
    await this.admitAttempt(dto.email);
    const user = await this.users.findByEmailForSignIn(dto.email);
    this.dummyHash ??= this.passwords.hash(randomUUID());
    const valid = await this.passwords.verify(user?.passwordHash ?? (await this.dummyHash), dto.password);
    if (!user || !valid) throw new ProblemException(401, 'invalid_credentials', 'Email or password is wrong');
    await this.attempts.succeeded(dto.email);
    if (!user.active) {
      throw new ProblemException(401, 'account_deactivated', 'This account has been deactivated by an admin');
    }
    const view = await this.signedIn(user);
    return { accessToken: await this.tokens.sign({ ...view, tokenVersion: user.tokenVersion ?? 0 }), user: view };
  }

  /** Refuses the attempt while the account must wait or is locked; otherwise counts it until it succeeds. */
  private async admitAttempt(email: string): Promise<void> {
    const now = Date.now();
    const failures = await this.attempts.failuresOf(email);
    const standing = loginStanding(failures, now);
    if (!standing.allowed) {
      const detail =
        standing.code === 'account_locked'
          ? 'Too many failed sign-ins: this account is locked for a while'
          : 'Too many failed sign-ins in a row: wait before the next attempt';
      throw new ProblemException(
        429,
        standing.code,
        detail,
        { retryAfterSeconds: standing.retryAfterSeconds },
        {
          'Retry-After': String(standing.retryAfterSeconds),
        },
      );
    }
    // Another attempt of this account was counted between the read and now: this one waits its turn.
    if (!(await this.attempts.count(email, failures, now))) {
      throw new ProblemException(
        429,
        'login_throttled',
        'Another sign-in of this account is being checked',
        {
          retryAfterSeconds: 1,
        },
        { 'Retry-After': '1' },
      );
    }
  }

  /** Ends every session of the user: their tokens stop working and their open consoles are signed out. */
  async logout(principal: UserPrincipal): Promise<void> {
    await this.users.revokeTokens(principal.tenantId, principal.userId);
    this.realtime.endSessions(principal.tenantId, principal.userId, 'signed_out');
  }

  async me(principal: UserPrincipal): Promise<SignedInUserView> {
    const user = await this.users.findById(principal.tenantId, principal.userId);
    if (!user || !user.active) throw notFound('user');
    return this.signedIn(user);
  }

  private async signedIn(user: Stored<User>): Promise<SignedInUserView> {
    const tenant = await this.tenants.findById(user.tenantId.toHexString());
    return { ...toUserView(user), tenantName: tenant?.name ?? '' };
  }
}
