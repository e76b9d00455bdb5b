import { Body, Controller, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentUser, MinRole, type UserPrincipal } from '@app/auth';
import { MergePreview, MergePreviewRequestDto, MergeRequestDto, MergeUndoView, MergeView } from './merges.dto.js';
import { MergesService } from './merges.service.js';

const NOT_FOUND = { description: '`customer_not_found` (with `customerId`): no such customer in this tenant' };
const BAD_REQUEST = {
  description: '`validation_failed`; `invalid_merge` (the survivor among the victims); `invalid_pick` (`field`)',
};

@ApiTags('merges')
@ApiBearerAuth()
@MinRole('agent')
@Controller('api/v1/merges')
export class MergesController {
  constructor(private readonly merges: MergesService) {}

  @Post('preview')
  @HttpCode(200)
  @ApiOkResponse({ type: MergePreview, description: 'What the merge would do; nothing changes' })
  @ApiBadRequestResponse(BAD_REQUEST)
  @ApiNotFoundResponse(NOT_FOUND)
  @ApiConflictResponse({ description: '`customer_merged` (with `survivorId`): a customer is already merged away' })
  preview(@CurrentUser() actor: UserPrincipal, @Body() dto: MergePreviewRequestDto): Promise<MergePreview> {
    return this.merges.preview(actor, dto);
  }

  @Post()
  @HttpCode(200)
  @ApiOkResponse({ type: MergeView, description: 'The merge, done' })
  @ApiAcceptedResponse({ type: MergeView, description: 'The merge, still running: follow it at GET /merges/{id}' })
  @ApiBadRequestResponse(BAD_REQUEST)
  @ApiNotFoundResponse({ description: `${NOT_FOUND.description}; \`suggestion_not_found\`` })
  @ApiConflictResponse({
    description:
      '`merge_blocked` with `blocks` (per victim: the guard’s reason, identifier type, values and remedies); ' +
      '`customer_merged` (with `survivorId`); `merge_in_progress` (with `mergeIds`)',
  })
  async merge(
    @CurrentUser() actor: UserPrincipal,
    @Body() dto: MergeRequestDto,
    @Res({ passthrough: true }) response: FastifyReply,
  ): Promise<MergeView> {
    const { merge, finished } = await this.merges.start(actor, dto);
    if (!finished) response.status(202);
    return merge;
  }

  @Get(':id')
  @ApiOkResponse({ type: MergeView })
  @ApiNotFoundResponse({ description: '`not_found`: no such merge in this tenant' })
  get(@CurrentUser() actor: UserPrincipal, @Param('id') id: string): Promise<MergeView> {
    return this.merges.get(actor, id);
  }

  @Post(':id/undo')
  @MinRole('supervisor')
  @HttpCode(202)
  @ApiAcceptedResponse({
    type: MergeUndoView,
    description:
      'The undo, running: the victims come back with what they brought; follow it at GET /merges/{id}/undo, or wait ' +
      'for the `merge.undone` event. A merge is undone once: a repeated request answers the undo that claimed it ' +
      '(202 while it runs)',
  })
  @ApiOkResponse({ type: MergeUndoView, description: 'The merge was undone already: the undo that did it' })
  @ApiForbiddenResponse({ description: '`forbidden`: supervisors and admins undo merges; agents do not' })
  @ApiNotFoundResponse({ description: '`merge_not_found` (with `mergeId`): no such merge in this tenant' })
  @ApiConflictResponse({
    description:
      '`undo_blocked` (with `mergeId`, `obstacles`): it can no longer be undone cleanly; each obstacle has a ' +
      '`reason` — `survivor_merged` (`mergedInto`), `identity_moved` (`identityId`), `conversation_moved` ' +
      '(`conversationId`), `identifier_owned_elsewhere` (`identifierType`, `value`) — with the `customerId` holding ' +
      'it now and the journal that moved it (`movedBy`: `detachId`, `mergeId`…); `merge_not_done` (with `mergeStatus`); ' +
      '`customer_busy` (with `mergeIds`, `detachIds`, `undoIds`): a merge, detach or undo of these customers is running',
  })
  async undo(
    @CurrentUser() actor: UserPrincipal,
    @Param('id') id: string,
    @Res({ passthrough: true }) response: FastifyReply,
  ): Promise<MergeUndoView> {
    const { undo, finished } = await this.merges.undo(actor, id);
    if (finished) response.status(200);
    return undo;
  }

  @Get(':id/undo')
  @ApiOkResponse({ type: MergeUndoView, description: 'The undo of the merge: its status and what goes back' })
  @ApiNotFoundResponse({ description: '`not_found`: no such merge in this tenant, or it has not been undone' })
  getUndo(@CurrentUser() actor: UserPrincipal, @Param('id') id: string): Promise<MergeUndoView> {
    return this.merges.getUndo(actor, id);
  }
}
