import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { AccountsService, PasswordService } from '@app/auth';
import { PersistenceModule } from '@app/persistence';
import { DemoSeedService } from './demo-seed.service.js';

/** Only the database: the CLI needs neither Redis nor tokens. */
@Module({
  imports: [ConfigModule.forRoot({ ignoreEnvFile: true, isGlobal: true }), PersistenceModule],
  providers: [PasswordService, AccountsService, DemoSeedService],
})
export class CliModule {}
