import { Body, Controller, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
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
      'follow it at GET /detaches/{id}, or wait for the `identity.detached` event. Customer assets (transactions, ' +
      'loyalty, cards, house accounts) belong to the customer, not to one of its identities: they stay with it',
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

  @Post('detaches/:id/undo')
  @MinRole('supervisor')
  @HttpCode(202)
  @ApiAcceptedResponse({
    type: DetachView,
    description:
      'The undo, running: a detach journal from the detached customer back to the source (`undoes` names the ' +
      'detach) that takes back the identity, its conversations (messages that arrived since included), its ' +
      'identifier ownership and the contact data the detach moved; the detached customer becomes a tombstone ' +
      'pointing to the source (its id answers 308), its pending suggestions superseded, the separation stays as ' +
      'history. Assets move with neither: those recorded on the detached customer stay on it and are read through ' +
      'the source (GET /customers/{id}/assets), as a tombstone’s are. Recorded as `detach.undone`, `detach.undone` emitted. A detach is undone once: a repeated request ' +
      'answers the undo that claimed it (202 while it runs)',
  })
  @ApiOkResponse({ type: DetachView, description: 'The detach was undone already: the undo that did it' })
  @ApiForbiddenResponse({ description: '`forbidden`: supervisors and admins undo detaches; agents do not' })
  @ApiNotFoundResponse({ description: '`detach_not_found` (with `detachId`): no such detach in this tenant' })
  @ApiConflictResponse({
    description:
      '`undo_blocked` (with `detachId`, `obstacles`): it can no longer be undone cleanly; each obstacle has a ' +
      '`reason` — `customer_merged` (`customerId` merged into `mergedInto`), `customer_missing`, `identities_held` ' +
      '(`identityIds` the detached customer holds besides the identity), `conversations_held` (how many other ' +
      'conversations it holds), `identity_moved`, `conversation_moved`, `identifier_owned_elsewhere` (each with the ' +
      '`customerId` holding it now and the journal that moved it, `movedBy`); `detach_not_done` (with ' +
      '`detachStatus`); `customer_busy` (with `mergeIds`, `detachIds`, `undoIds`, `moveIds`)',
  })
  async undo(
    @CurrentUser() actor: UserPrincipal,
    @Param('id') id: string,
    @Res({ passthrough: true }) response: FastifyReply,
  ): Promise<DetachView> {
    const { undo, finished } = await this.detaches.undo(actor, id);
    if (finished) response.status(200);
    return undo;
  }

  @Get('detaches/:id/undo')
  @MinRole('agent')
  @ApiOkResponse({ type: DetachView, description: 'The undo that claimed the detach: its status and steps' })
  @ApiNotFoundResponse({ description: '`not_found`: no such detach, or it was not undone' })
  getUndo(@CurrentUser() actor: UserPrincipal, @Param('id') id: string): Promise<DetachView> {
    return this.detaches.getUndo(actor, id);
  }
}
