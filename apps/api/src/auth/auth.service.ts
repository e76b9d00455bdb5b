import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { PasswordService, TokenService, type UserPrincipal } from '@app/auth';
import { notFound, ProblemException } from '@app/http';
import { TenantRepository, UserRepository, type Stored, type User } from '@app/persistence';
import { RealtimeEmitter } from '@app/realtime';
import { toUserView } from '../users/user-view.js';
import type { LoginDto, LoginResponse, SignedInUserView } from './auth.dto.js';

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
  ) {}

  /**
   * Every attempt verifies one password hash, whether the email is unknown, the password wrong or the user
   * deactivated, so the answer's timing tells nothing. Only the holder of the right password learns that the account
   * is deactivated.
   */
  async login(dto: LoginDto): Promise<LoginResponse> {
    const user = await this.users.findByEmailForSignIn(dto.email);
    this.dummyHash ??= this.passwords.hash(randomUUID());
    const valid = await this.passwords.verify(user?.passwordHash ?? (await this.dummyHash), dto.password);
    if (!user || !valid) throw new ProblemException(401, 'invalid_credentials', 'Email or password is wrong');
    if (!user.active) {
      throw new ProblemException(401, 'account_deactivated', 'This account has been deactivated by an admin');
    }
    const view = await this.signedIn(user);
    return { accessToken: await this.tokens.sign({ ...view, tokenVersion: user.tokenVersion ?? 0 }), user: view };
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
