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
import { MoveRequestDto, MoveView } from './moves.dto.js';
import { MovesService } from './moves.service.js';

const BUSY =
  '`customer_busy` (with `mergeIds`, `detachIds`, `undoIds`, `moveIds`): a merge, detach, undo or move of either ' +
  'customer is running';

@ApiTags('moves')
@ApiBearerAuth()
@Controller('api/v1')
export class MovesController {
  constructor(private readonly moves: MovesService) {}

  @Post('conversations/:id/move')
  @MinRole('supervisor')
  @HttpCode(202)
  @ApiAcceptedResponse({
    type: MoveView,
    description:
      'The move, running: the conversation goes to `customerId` with its messages; follow it at GET /moves/{id}, ' +
      'or wait for `conversation.updated` (to both customers). The identity the conversation came through stays ' +
      'with its customer: a later message of that identity in this conversation (same thread, same WhatsApp window, ' +
      'same SMS number pair) follows the conversation to the customer it was moved to, while a conversation it opens ' +
      'afterwards belongs to the identity’s customer. Undo with POST /moves/{id}/undo',
  })
  @ApiForbiddenResponse({ description: '`forbidden`: supervisors and admins move conversations; agents do not' })
  @ApiNotFoundResponse({
    description:
      '`conversation_not_found` (with `conversationId`); `customer_not_found` (with `customerId`): no such target ' +
      'customer in this tenant',
  })
  @ApiConflictResponse({
    description:
      '`same_customer`: the conversation is already this customer’s; `customer_merged` (with `survivorId`): the ' +
      'target was merged away — it is refused rather than followed, so the supervisor sees where it went and ' +
      'chooses again; `conversation_moved` (with `customerId`): another journal moved it meanwhile; ' +
      BUSY,
  })
  move(
    @CurrentUser() actor: UserPrincipal,
    @Param('id') conversationId: string,
    @Body() dto: MoveRequestDto,
  ): Promise<MoveView> {
    return this.moves.start(actor, conversationId, dto);
  }

  @Get('moves/:id')
  @MinRole('agent')
  @ApiOkResponse({ type: MoveView, description: 'The move (or the undo of one): its status and steps' })
  @ApiNotFoundResponse({ description: '`not_found`: no such move in this tenant' })
  get(@CurrentUser() actor: UserPrincipal, @Param('id') id: string): Promise<MoveView> {
    return this.moves.get(actor, id);
  }

  @Post('moves/:id/undo')
  @MinRole('supervisor')
  @HttpCode(202)
  @ApiAcceptedResponse({
    type: MoveView,
    description:
      'The undo, running: a move of the same conversation back to the customer it left (`undoes` names the move), ' +
      'with the messages that arrived since; recorded as `conversation.moved` with `undoes`, `conversation.updated` ' +
      'emitted. A move is undone once: a repeated request answers the undo that claimed it (202 while it runs)',
  })
  @ApiOkResponse({ type: MoveView, description: 'The move was undone already: the undo that did it' })
  @ApiForbiddenResponse({ description: '`forbidden`: supervisors and admins undo moves; agents do not' })
  @ApiNotFoundResponse({ description: '`move_not_found` (with `moveId`): no such move in this tenant' })
  @ApiConflictResponse({
    description:
      '`undo_blocked` (with `moveId`, `obstacles`): it can no longer be undone cleanly; each obstacle has a ' +
      '`reason` — `conversation_moved` (`conversationId`, the `customerId` holding it now and the journal that ' +
      'moved it, `movedBy`: `moveId`, `mergeId`, `detachId`…), `customer_merged` (`customerId` merged into ' +
      '`mergedInto`), `customer_missing`; `move_not_done` (with `moveStatus`); ' +
      BUSY,
  })
  async undo(
    @CurrentUser() actor: UserPrincipal,
    @Param('id') id: string,
    @Res({ passthrough: true }) response: FastifyReply,
  ): Promise<MoveView> {
    const { undo, finished } = await this.moves.undo(actor, id);
    if (finished) response.status(200);
    return undo;
  }
}
