import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentUser, MinRole, type UserPrincipal } from '@app/auth';
import {
  ApiKeyList,
  ChannelList,
  ChannelView,
  CreateApiKeyDto,
  CreateChannelDto,
  CreatedApiKey,
  UpdateChannelDto,
} from './channels.dto.js';
import { ChannelsService } from './channels.service.js';

@ApiTags('channels')
@ApiBearerAuth()
@MinRole('admin')
@Controller('api/v1/channels')
export class ChannelsController {
  constructor(private readonly channels: ChannelsService) {}

  @Post()
  @ApiCreatedResponse({ type: ChannelView })
  create(@CurrentUser() actor: UserPrincipal, @Body() dto: CreateChannelDto): Promise<ChannelView> {
    return this.channels.create(actor, dto);
  }

  @Get()
  @ApiOkResponse({ type: ChannelList })
  list(@CurrentUser() actor: UserPrincipal): Promise<ChannelList> {
    return this.channels.list(actor);
  }

  @Get(':id')
  @ApiOkResponse({ type: ChannelView })
  get(@CurrentUser() actor: UserPrincipal, @Param('id') id: string): Promise<ChannelView> {
    return this.channels.get(actor, id);
  }

  @Patch(':id')
  @ApiOperation({
    summary: 'Rename a channel or change its config (rotate a secret)',
    description:
      'The config fields given replace the stored ones; the whole is validated by the rules of the kind. Each api ' +
      'instance reads a channel’s secrets again within 30 s, so a provider signing with the new secret may be ' +
      'refused (401, retried by the provider) for up to that long.',
  })
  @ApiOkResponse({ type: ChannelView })
  @ApiBadRequestResponse({ description: '`validation_failed`, with the fields in `errors`' })
  @ApiNotFoundResponse({ description: 'No such channel in the tenant' })
  @ApiConflictResponse({ description: '`address_taken`: another email channel receives these addresses' })
  update(
    @CurrentUser() actor: UserPrincipal,
    @Param('id') id: string,
    @Body() dto: UpdateChannelDto,
  ): Promise<ChannelView> {
    return this.channels.update(actor, id, dto);
  }

  @Post(':id/api-keys')
  @ApiCreatedResponse({ type: CreatedApiKey, description: 'The key is shown only in this response' })
  createApiKey(
    @CurrentUser() actor: UserPrincipal,
    @Param('id') id: string,
    @Body() dto: CreateApiKeyDto,
  ): Promise<CreatedApiKey> {
    return this.channels.createApiKey(actor, id, dto);
  }

  @Get(':id/api-keys')
  @ApiOkResponse({ type: ApiKeyList })
  listApiKeys(@CurrentUser() actor: UserPrincipal, @Param('id') id: string): Promise<ApiKeyList> {
    return this.channels.listApiKeys(actor, id);
  }

  @Delete(':id/api-keys/:keyId')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Revoked; the key stops working at once' })
  revokeApiKey(
    @CurrentUser() actor: UserPrincipal,
    @Param('id') id: string,
    @Param('keyId') keyId: string,
  ): Promise<void> {
    return this.channels.revokeApiKey(actor, id, keyId);
  }
}
