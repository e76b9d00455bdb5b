import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { JwtModule } from '@nestjs/jwt';
import type { AppConfigService } from '@app/config';
import { ApiKeyRepositoryModule, TenantRepositoryModule, UserRepositoryModule } from '@app/persistence';
import { AccountsService } from './accounts.service.js';
import { AuthGuard } from './auth.guard.js';
import { ConnectorKeyService } from './connector-key.service.js';
import { PasswordService } from './password.service.js';
import { TokenService } from './token.service.js';
import { UserSessionService } from './user-session.service.js';

/** Tenants and their users with hashed passwords: what the api and the CLI (which signs no tokens) share. */
@Module({
  imports: [TenantRepositoryModule, UserRepositoryModule],
  providers: [PasswordService, AccountsService],
  exports: [PasswordService, AccountsService],
})
export class AccountsModule {}

/** Who is calling: access tokens checked against their user on every request, connector keys for custom connectors, and the guard that checks both. */
@Module({
  imports: [
    JwtModule.registerAsync({
      inject: [ConfigService],
      useFactory: (config: AppConfigService) => ({
        secret: config.get('JWT_SECRET', { infer: true }),
        signOptions: { algorithm: 'HS256', expiresIn: config.get('JWT_TTL_SECONDS', { infer: true }) },
      }),
    }),
    ApiKeyRepositoryModule,
    UserRepositoryModule,
  ],
  providers: [TokenService, UserSessionService, ConnectorKeyService, AuthGuard],
  exports: [TokenService, UserSessionService, ConnectorKeyService, AuthGuard],
})
export class AuthModule {}
