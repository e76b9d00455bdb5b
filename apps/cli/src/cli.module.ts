import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { AccountsModule } from '@app/auth';
import {
  ApiKeyRepositoryModule,
  ChannelRepositoryModule,
  DatabaseModule,
  TenantRepositoryModule,
} from '@app/persistence';
import { DemoSeedService } from './demo-seed.service.js';

/** Only the database: the CLI needs neither Redis nor tokens. */
@Module({
  imports: [
    ConfigModule.forRoot({ ignoreEnvFile: true, isGlobal: true }),
    DatabaseModule,
    AccountsModule,
    TenantRepositoryModule,
    ChannelRepositoryModule,
    ApiKeyRepositoryModule,
  ],
  providers: [DemoSeedService],
})
export class CliModule {}
