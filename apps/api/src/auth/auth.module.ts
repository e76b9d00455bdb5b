import { Module } from '@nestjs/common';
import { AccountsModule, AuthModule } from '@app/auth';
import { TenantRepositoryModule, UserRepositoryModule } from '@app/persistence';
import { RealtimeEmitterModule } from '@app/realtime';
import { AuthController } from './auth.controller.js';
import { AuthService } from './auth.service.js';

@Module({
  imports: [UserRepositoryModule, TenantRepositoryModule, AccountsModule, AuthModule, RealtimeEmitterModule],
  controllers: [AuthController],
  providers: [AuthService],
})
export class AuthApiModule {}
