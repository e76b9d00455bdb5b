import { Module } from '@nestjs/common';
import { IdentityModule } from '@app/identity';
import { SettingsController } from './settings.controller.js';
import { SettingsService } from './settings.service.js';

/** The tenant's identity settings: guards, matching limits, identify and uniqueness options. */
@Module({ imports: [IdentityModule], controllers: [SettingsController], providers: [SettingsService] })
export class SettingsModule {}
