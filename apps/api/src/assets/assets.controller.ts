import { Body, Controller, Get, Param, Post, Put, Query, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiResponse,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { MinRoleOrConnectorKey, CurrentPrincipal, MinRole, type Principal } from '@app/auth';
import {
  AssetsMergePreview,
  AssetsMergePreviewQueryDto,
  CustomerAssets,
  LoyaltyView,
  NUMBERED_ASSET_PATH_NAMES,
  NumberedAssetView,
  PutNumberedAssetDto,
  RecordTransactionDto,
  SetLoyaltyDto,
  TransactionView,
} from './assets.dto.js';
import { AssetsService } from './assets.service.js';

const MERGED = {
  status: 308,
  description:
    'The customer was merged into another: `Location` is the same path of the survivor (`customer_merged`); its ' +
    'assets moved there',
};
const NOT_FOUND = { description: '`not_found`: no such customer in this tenant' };
const WRITE_ACCESS =
  'Written by integrations with a connector key of any channel of the tenant (`Authorization: Bearer <key>`), or by ' +
  'an admin.';

@ApiTags('customers')
@ApiBearerAuth()
@Controller('api/v1/customers/:id/assets')
export class AssetsController {
  constructor(private readonly assets: AssetsService) {}

  @Get()
  @MinRole('agent')
  @ApiOperation({ summary: 'A customer’s loyalty standing, reward and gift cards, house accounts and transactions' })
  @ApiOkResponse({ type: CustomerAssets })
  @ApiResponse(MERGED)
  @ApiNotFoundResponse(NOT_FOUND)
  of(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<CustomerAssets> {
    return this.assets.of(principal, id);
  }

  @Get('merge-preview')
  @MinRole('agent')
  @ApiOperation({
    summary: 'The assets a merge would bring to this customer (kept) from another (removed), and the result',
  })
  @ApiOkResponse({ type: AssetsMergePreview })
  @ApiBadRequestResponse({ description: '`validation_failed`: victimId is not an id' })
  @ApiResponse(MERGED)
  @ApiConflictResponse({ description: '`customer_merged`: the profile to remove was merged away (`survivorId`)' })
  @ApiNotFoundResponse({ description: '`not_found`: either customer is not one of this tenant' })
  mergePreview(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Query() query: AssetsMergePreviewQueryDto,
  ): Promise<AssetsMergePreview> {
    return this.assets.mergePreview(principal, id, query.victimId);
  }

  @Post('transactions')
  @MinRoleOrConnectorKey('admin')
  @ApiOperation({
    summary: 'Record a transaction',
    description: `${WRITE_ACCESS} The external id names it: sending it again records nothing and answers 200.`,
  })
  @ApiCreatedResponse({ type: TransactionView, description: 'Recorded' })
  @ApiOkResponse({ type: TransactionView, description: 'Already recorded under this external id' })
  @ApiBadRequestResponse({ description: '`validation_failed`' })
  @ApiUnauthorizedResponse({ description: '`unauthenticated`' })
  @ApiForbiddenResponse({ description: '`forbidden`: a user below admin' })
  @ApiResponse(MERGED)
  @ApiNotFoundResponse(NOT_FOUND)
  async recordTransaction(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Body() dto: RecordTransactionDto,
    @Res({ passthrough: true }) response: FastifyReply,
  ): Promise<TransactionView> {
    const { transaction, created } = await this.assets.recordTransaction(principal, id, dto);
    response.status(created ? 201 : 200);
    return transaction;
  }

  @Put('loyalty')
  @MinRoleOrConnectorKey('admin')
  @ApiOperation({ summary: 'Set the customer’s loyalty standing as the program has it', description: WRITE_ACCESS })
  @ApiOkResponse({ type: LoyaltyView })
  @ApiBadRequestResponse({ description: '`validation_failed`' })
  @ApiUnauthorizedResponse({ description: '`unauthenticated`' })
  @ApiForbiddenResponse({ description: '`forbidden`: a user below admin' })
  @ApiResponse(MERGED)
  @ApiNotFoundResponse(NOT_FOUND)
  @ApiConflictResponse({ description: '`customer_busy`: a merge is moving this customer’s standing; try again' })
  setLoyalty(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Body() dto: SetLoyaltyDto,
  ): Promise<LoyaltyView> {
    return this.assets.setLoyalty(principal, id, dto);
  }

  @Put(':kind/:number')
  @MinRoleOrConnectorKey('admin')
  @ApiOperation({
    summary: 'Create or update a reward card, gift card or house account of the customer',
    description: `${WRITE_ACCESS} A number names one holder in the tenant.`,
  })
  @ApiParam({ name: 'kind', enum: NUMBERED_ASSET_PATH_NAMES })
  @ApiParam({ name: 'number', example: 'GC-0042' })
  @ApiOkResponse({ type: NumberedAssetView })
  @ApiBadRequestResponse({ description: '`validation_failed`' })
  @ApiUnauthorizedResponse({ description: '`unauthenticated`' })
  @ApiForbiddenResponse({ description: '`forbidden`: a user below admin' })
  @ApiConflictResponse({ description: '`asset_taken`: another customer holds this number' })
  @ApiResponse(MERGED)
  @ApiNotFoundResponse({ description: '`not_found`: no such customer in this tenant, or no such kind of asset' })
  putNumbered(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Param('kind') kind: string,
    @Param('number') number: string,
    @Body() dto: PutNumberedAssetDto,
  ): Promise<NumberedAssetView> {
    return this.assets.putNumbered(principal, id, kind, number, dto);
  }
}
