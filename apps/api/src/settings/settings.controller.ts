import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiForbiddenResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, MinRole, type UserPrincipal } from '@app/auth';
import {
  IdentitySettingsAudit,
  IdentitySettingsBackfill,
  IdentitySettingsDto,
  IdentitySettingsView,
} from './settings.dto.js';
import { SettingsService } from './settings.service.js';

@ApiTags('settings')
@ApiBearerAuth()
@MinRole('admin')
@Controller('api/v1/settings/identity')
export class SettingsController {
  constructor(private readonly settings: SettingsService) {}

  @Get()
  @ApiOkResponse({ type: IdentitySettingsView })
  @ApiForbiddenResponse({ description: 'Admins only' })
  identity(@CurrentUser() actor: UserPrincipal): Promise<IdentitySettingsView> {
    return this.settings.identity(actor);
  }

  @Put()
  @ApiOkResponse({
    type: IdentitySettingsView,
    description: 'The saved settings; every customer is checked again for suggestions in the background',
  })
  @ApiBadRequestResponse({ description: '`validation_failed`, with the fields (`errors[].field`)' })
  @ApiForbiddenResponse({ description: 'Admins only' })
  replaceIdentity(
    @CurrentUser() actor: UserPrincipal,
    @Body() dto: IdentitySettingsDto,
  ): Promise<IdentitySettingsView> {
    return this.settings.replaceIdentity(actor, dto);
  }

  @Get('audit')
  @MinRole('supervisor')
  @ApiOkResponse({
    type: IdentitySettingsAudit,
    description: 'The guards and limits in force, and their latest changes from the audit trail',
  })
  @ApiForbiddenResponse({ description: 'Supervisors and admins only' })
  audit(@CurrentUser() actor: UserPrincipal): Promise<IdentitySettingsAudit> {
    return this.settings.auditOf(actor);
  }

  @Get('backfill')
  @MinRole('supervisor')
  @ApiOkResponse({
    type: IdentitySettingsBackfill,
    description:
      'How far the check of every customer with the settings in force has come; a change saved while one runs ' +
      'starts its own, which the older one gives way to',
  })
  @ApiForbiddenResponse({ description: 'Supervisors and admins only' })
  backfill(@CurrentUser() actor: UserPrincipal): Promise<IdentitySettingsBackfill> {
    return this.settings.backfillOf(actor);
  }
}
