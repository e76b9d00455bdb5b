import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentUser, MinRole, type UserPrincipal } from '@app/auth';
import { DetachRequestDto, DetachView } from './detaches.dto.js';
import { DetachesService } from './detaches.service.js';

@ApiTags('detaches')
@ApiBearerAuth()
@Controller('api/v1')
export class DetachesController {
  constructor(private readonly detaches: DetachesService) {}

  @Post('customers/:id/identities/:identityId/detach')
  @MinRole('supervisor')
  @HttpCode(202)
  @ApiAcceptedResponse({
    type: DetachView,
    description:
      'The detach, running: `toCustomerId` is the new customer that will hold the identity and its conversations; ' +
      'follow it at GET /detaches/{id}, or wait for the `identity.detached` event',
  })
  @ApiForbiddenResponse({ description: '`forbidden`: supervisors and admins detach; agents do not' })
  @ApiNotFoundResponse({
    description:
      '`customer_not_found` (with `customerId`); `identity_not_found` (with `customerId`, `identityId`): the ' +
      'identity is not this customer’s',
  })
  @ApiConflictResponse({
    description:
      '`only_identity`: a customer’s only identity cannot be detached; `customer_merged` (with `survivorId`): the ' +
      'customer was merged away; `customer_busy` (with `mergeIds`, `detachIds`): a merge or detach of it is running',
  })
  detach(
    @CurrentUser() actor: UserPrincipal,
    @Param('id') customerId: string,
    @Param('identityId') identityId: string,
    @Body() dto: DetachRequestDto,
  ): Promise<DetachView> {
    return this.detaches.start(actor, customerId, identityId, dto);
  }

  @Get('detaches/:id')
  @MinRole('agent')
  @ApiOkResponse({ type: DetachView })
  @ApiNotFoundResponse({ description: '`not_found`: no such detach in this tenant' })
  get(@CurrentUser() actor: UserPrincipal, @Param('id') id: string): Promise<DetachView> {
    return this.detaches.get(actor, id);
  }
}
