import { Global, Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { JwtModule } from '@nestjs/jwt';
import type { AppConfigService } from '@app/config';
import { AccountsService } from './accounts.service.js';
import { AuthGuard } from './auth.guard.js';
import { ConnectorKeyService } from './connector-key.service.js';
import { PasswordService } from './password.service.js';
import { TokenService } from './token.service.js';

@Global()
@Module({
  imports: [
    JwtModule.registerAsync({
      inject: [ConfigService],
      useFactory: (config: AppConfigService) => ({
        secret: config.get('JWT_SECRET', { infer: true }),
        signOptions: { algorithm: 'HS256', expiresIn: config.get('JWT_TTL_SECONDS', { infer: true }) },
      }),
    }),
  ],
  providers: [PasswordService, AccountsService, TokenService, ConnectorKeyService, AuthGuard],
  exports: [PasswordService, AccountsService, TokenService, ConnectorKeyService, AuthGuard],
})
export class AuthModule {}
