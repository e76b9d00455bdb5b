import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { PasswordService, TokenService, type UserPrincipal } from '@app/auth';
import { notFound, ProblemException } from '@app/http';
import { TenantRepository, UserRepository, type Stored, type User } from '@app/persistence';
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
  ) {}

  async login(dto: LoginDto): Promise<LoginResponse> {
    const user = await this.users.findActiveByEmailForSignIn(dto.email);
    this.dummyHash ??= this.passwords.hash(randomUUID());
    const valid = await this.passwords.verify(user?.passwordHash ?? (await this.dummyHash), dto.password);
    if (!user || !valid) throw new ProblemException(401, 'invalid_credentials', 'Email or password is wrong');
    const view = await this.signedIn(user);
    return { accessToken: await this.tokens.sign(view), user: view };
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
