import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentPrincipal, MinRoleOrConnectorKey, type Principal } from '@app/auth';
import { PageQueryDto } from '../paging/page-query.dto.js';
import {
  BulkMergeAcceptedView,
  BulkMergeListView,
  BulkMergePairsQueryDto,
  BulkMergeRequestDto,
  BulkMergeView,
  MAX_BULK_PAIRS,
} from './bulk-merges.dto.js';
import { BulkMergesService } from './bulk-merges.service.js';

const WHO = 'Admins, or an integration with a connector key of any channel of the tenant.';

@ApiTags('merges')
@ApiBearerAuth()
@MinRoleOrConnectorKey('admin')
@Controller('api/v1/merges/bulk')
export class BulkMergesController {
  constructor(private readonly bulkMerges: BulkMergesService) {}

  @Post()
  @HttpCode(202)
  @ApiOperation({
    summary: 'Merge many pairs of customers in one background job',
    description:
      `${WHO} Each pair goes through a merge of its own (guards, journal, audit, events), in the order given; ` +
      'the result of each is recorded as it is known, and a job interrupted by a crash continues where it stopped.',
  })
  @ApiAcceptedResponse({
    type: BulkMergeAcceptedView,
    description: 'Stored and queued; the same idempotencyKey again answers the same id without running it again',
  })
  @ApiBadRequestResponse({
    description: `\`validation_failed\`: e.g. no pairs, more than ${MAX_BULK_PAIRS}, an id that is none`,
  })
  @ApiPayloadTooLargeResponse({ description: 'The body is larger than BODY_LIMIT' })
  @ApiForbiddenResponse({ description: '`forbidden`: agents and supervisors do not run bulk merges' })
  submit(@CurrentPrincipal() principal: Principal, @Body() dto: BulkMergeRequestDto): Promise<BulkMergeAcceptedView> {
    return this.bulkMerges.submit(principal, dto);
  }

  @Get()
  @ApiOperation({
    summary: 'The tenant’s bulk merges, newest first, each with its progress and report (not its pairs)',
    description: `${WHO} Pages of \`limit\` (25 by default, up to 100), then \`cursor\` = the previous \`nextCursor\`.`,
  })
  @ApiOkResponse({ type: BulkMergeListView })
  @ApiBadRequestResponse({ description: '`invalid_cursor`; `validation_failed`: a `limit` out of range' })
  @ApiForbiddenResponse({ description: '`forbidden`: agents and supervisors' })
  list(@CurrentPrincipal() principal: Principal, @Query() query: PageQueryDto): Promise<BulkMergeListView> {
    return this.bulkMerges.list(principal, query);
  }

  @Get(':id')
  @ApiOperation({
    summary: 'Progress, per-pair results and, once done, the report of a bulk merge',
    description:
      `${WHO} The progress and the report count every pair; the pairs themselves come a page at a time, in the ` +
      'order given (`limit`, then `cursor` = the previous page’s `nextCursor`).',
  })
  @ApiOkResponse({ type: BulkMergeView })
  @ApiBadRequestResponse({ description: '`invalid_cursor`; `validation_failed`: a `limit` out of range' })
  @ApiNotFoundResponse({ description: '`not_found`: no such bulk merge in this tenant' })
  get(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Query() query: BulkMergePairsQueryDto,
  ): Promise<BulkMergeView> {
    return this.bulkMerges.get(principal, id, query);
  }
}
