import { Module } from '@nestjs/common';
import { IdentityModule } from '@app/identity';
import { AuditRepositoryModule, TenantRepositoryModule } from '@app/persistence';
import { SuggestionsProducerModule } from '@app/queue';
import { SettingsController } from './settings.controller.js';
import { SettingsService } from './settings.service.js';

/** The tenant's identity settings: guards, matching limits, identify and uniqueness options. */
@Module({
  imports: [AuditRepositoryModule, IdentityModule, TenantRepositoryModule, SuggestionsProducerModule],
  controllers: [SettingsController],
  providers: [SettingsService],
})
export class SettingsModule {}
