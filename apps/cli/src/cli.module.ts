import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { AccountsModule } from '@app/auth';
import {
  CustomerRepositoryModule,
  DatabaseModule,
  IdentityRepositoryModule,
  TenantRepositoryModule,
} from '@app/persistence';
import { MatchKeyBackfillService } from './match-key-backfill.service.js';

/** Only the database: creating a tenant or deriving match keys needs neither Redis nor tokens. */
@Module({
  imports: [
    ConfigModule.forRoot({ ignoreEnvFile: true, isGlobal: true }),
    DatabaseModule,
    AccountsModule,
    CustomerRepositoryModule,
    IdentityRepositoryModule,
    TenantRepositoryModule,
  ],
  providers: [MatchKeyBackfillService],
})
export class CliModule {}
