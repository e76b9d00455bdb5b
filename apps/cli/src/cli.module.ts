import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { AccountsModule } from '@app/auth';
import { DatabaseModule } from '@app/persistence';

/** Only the database: creating a tenant needs neither Redis nor tokens. */
@Module({
  imports: [ConfigModule.forRoot({ ignoreEnvFile: true, isGlobal: true }), DatabaseModule, AccountsModule],
})
export class CliModule {}
