import { Body, Controller, Param, Patch } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentUser, MinRole, type UserPrincipal } from '@app/auth';
import { ApiKeyView, UpdateApiKeyDto } from './channels.dto.js';
import { ChannelsService } from './channels.service.js';

/** A connector key by its own id, whichever channel it belongs to (created at `POST /channels/:id/api-keys`). */
@ApiTags('channels')
@ApiBearerAuth()
@MinRole('admin')
@Controller('api/v1/connector-keys')
export class ConnectorKeysController {
  constructor(private readonly channels: ChannelsService) {}

  @Patch(':id')
  @ApiOperation({
    summary: 'Rename a connector key or change whether it is trusted',
    description:
      'A trusted key vouches for the addresses its messages send: they join the customers holding them. Otherwise ' +
      'each is an unverified claim. The next request of the key is judged by the change; the change is audited ' +
      '(`connector-key.updated`).',
  })
  @ApiOkResponse({ type: ApiKeyView })
  @ApiBadRequestResponse({ description: '`validation_failed`' })
  @ApiNotFoundResponse({ description: 'No such key in the tenant' })
  @ApiConflictResponse({ description: '`key_revoked`: the key was revoked' })
  update(
    @CurrentUser() actor: UserPrincipal,
    @Param('id') id: string,
    @Body() dto: UpdateApiKeyDto,
  ): Promise<ApiKeyView> {
    return this.channels.updateApiKey(actor, id, dto);
  }
}
