import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentUser, MinRole, type UserPrincipal } from '@app/auth';
import { UniquenessRunAcceptedView, UniquenessRunRequestDto, UniquenessRunView } from './uniqueness-runs.dto.js';
import { UniquenessRunsService } from './uniqueness-runs.service.js';

@ApiTags('settings')
@ApiBearerAuth()
@MinRole('admin')
@Controller('api/v1/settings/identity/uniqueness/apply')
export class UniquenessRunsController {
  constructor(private readonly runs: UniquenessRunsService) {}

  @Post()
  @HttpCode(202)
  @ApiOperation({
    summary: 'Apply the uniqueness setting to existing duplicates, as a dry run first',
    description:
      'Switching enforceUniqueBy on merges nothing by itself. This finds every value of the enforced attribute held ' +
      'by two active customers or more (shared contacts and blocklisted values excepted): one group per set of ' +
      'customers they join, the original (created first) surviving. A dry run reports the groups and which a guard ' +
      'would refuse, changing nothing; a real run (with the dry run’s id: exactly its groups) merges each group ' +
      'through an ordinary merge (guarded, journaled, audited with the trigger `uniqueness`, undoable).',
  })
  @ApiAcceptedResponse({ type: UniquenessRunAcceptedView, description: 'Queued; follow it at GET …/apply/{id}' })
  @ApiBadRequestResponse({ description: '`validation_failed`' })
  @ApiForbiddenResponse({ description: '`forbidden`: admins only' })
  @ApiNotFoundResponse({ description: '`not_found`: no such dry run in this tenant' })
  @ApiConflictResponse({
    description:
      '`uniqueness_off`: the setting is off; `dry_run_unusable`: the dry run is not done, or enforced another attribute',
  })
  start(@CurrentUser() actor: UserPrincipal, @Body() dto: UniquenessRunRequestDto): Promise<UniquenessRunAcceptedView> {
    return this.runs.start(actor, dto);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Progress and report of an apply-to-existing-duplicates run' })
  @ApiOkResponse({ type: UniquenessRunView })
  @ApiNotFoundResponse({ description: '`not_found`: no such run in this tenant' })
  get(@CurrentUser() actor: UserPrincipal, @Param('id') id: string): Promise<UniquenessRunView> {
    return this.runs.get(actor, id);
  }
}
