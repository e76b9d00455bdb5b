import { Body, Controller, HttpCode, Post, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { MinRoleOrConnectorKey, CurrentPrincipal, type Principal } from '@app/auth';
import { IdentifyCustomerDto, IdentifyResult } from './identify.dto.js';
import { IdentifyService } from './identify.service.js';

@ApiTags('customers')
@ApiBearerAuth()
@MinRoleOrConnectorKey('admin')
@Controller('api/v1/customers/identify')
export class IdentifyController {
  constructor(private readonly identifyService: IdentifyService) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Identify / upsert a customer for an integration (DOMAIN §7)',
    description:
      'Authenticated with any connector key of the tenant or an admin token. The primary identifier of the ' +
      'identity settings finds the customer (the secondary too unless `skipSecondary`); the call updates it, ' +
      'creates one, or moves identifiers between two customers (kept by the `survivorPreference`: a member over a ' +
      'contact, then the older; the other keeps its record with the rest, or with `identifyMergeVictim: tombstone` ' +
      'is then merged into it by an ordinary merge, reported as `merge`), guarded like every merge. Concurrent ' +
      'calls bringing the same new value create one customer: the others update it. A replay of a `requestId` ' +
      'answers as the first call did.',
  })
  @ApiOkResponse({ type: IdentifyResult, description: '`update` or `merge`' })
  @ApiCreatedResponse({ type: IdentifyResult, description: '`create`' })
  @ApiBadRequestResponse({ description: '`validation_failed`, with the fields (`errors[].field`)' })
  @ApiForbiddenResponse({ description: '`forbidden`: a user below admin' })
  @ApiConflictResponse({
    description:
      '`identify_conflict` with `reason` (`secondary_held_by_member`, `unique_identifier_held`, `merge_blocked` ' +
      'with the guard `blocks` and their remedies) and `customerIds`; nothing changed. `merge_in_progress`: a ' +
      'customer it would change is being merged. `identify_busy`: concurrent calls kept claiming its new values; retry',
  })
  async identify(
    @CurrentPrincipal() principal: Principal,
    @Body() dto: IdentifyCustomerDto,
    @Res({ passthrough: true }) response: FastifyReply,
  ): Promise<IdentifyResult> {
    const { status, body } = await this.identifyService.identify(principal, dto);
    response.status(status);
    return body;
  }
}
