import { Global, Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { validateEnvironment, type Environment } from './environment.js';

export type AppConfigService = ConfigService<Environment, true>;

/** Validated configuration from the process environment, available everywhere. */
@Global()
@Module({
  imports: [ConfigModule.forRoot({ ignoreEnvFile: true, cache: true, validate: validateEnvironment })],
  exports: [ConfigModule],
})
export class AppConfigModule {}
