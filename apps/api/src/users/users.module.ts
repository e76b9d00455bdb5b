import { Module } from '@nestjs/common';
import { AccountsModule } from '@app/auth';
import { UserRepositoryModule } from '@app/persistence';
import { RealtimeEmitterModule } from '@app/realtime';
import { UsersController } from './users.controller.js';
import { UsersService } from './users.service.js';

@Module({
  imports: [AccountsModule, UserRepositoryModule, RealtimeEmitterModule],
  controllers: [UsersController],
  providers: [UsersService],
})
export class UsersModule {}
