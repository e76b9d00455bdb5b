import { Module } from '@nestjs/common';
import { AccountsModule, AuthModule } from '@app/auth';
import { TenantRepositoryModule, UserRepositoryModule } from '@app/persistence';
import { RealtimeEmitterModule } from '@app/realtime';
import { RedisModule } from '@app/redis';
import { AuthController } from './auth.controller.js';
import { AuthService } from './auth.service.js';
import { LoginAttemptsService } from './login-attempts.service.js';
import { LoginRateGuard } from './login-rate.guard.js';

@Module({
  imports: [
    UserRepositoryModule,
    TenantRepositoryModule,
    AccountsModule,
    AuthModule,
    RealtimeEmitterModule,
    RedisModule,
  ],
  controllers: [AuthController],
  providers: [AuthService, LoginAttemptsService, LoginRateGuard],
})
export class AuthApiModule {}
