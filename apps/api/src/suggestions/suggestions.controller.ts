import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentUser, MinRole, type UserPrincipal } from '@app/auth';
import {
  AcceptedSuggestion,
  AcceptSuggestionDto,
  RejectSuggestionDto,
  SuggestionList,
  SuggestionListQueryDto,
  SuggestionView,
} from './suggestions.dto.js';
import { SuggestionsService } from './suggestions.service.js';

const NOT_FOUND = { description: '`suggestion_not_found`: no such suggestion in this tenant' };
const DECIDED =
  '`suggestion_decided` with the current `suggestion`: another agent accepted or rejected it first (or it was ' +
  'superseded)';

@ApiTags('suggestions')
@ApiBearerAuth()
@MinRole('agent')
@Controller('api/v1/suggestions')
export class SuggestionsController {
  constructor(private readonly suggestions: SuggestionsService) {}

  @Get()
  @ApiOkResponse({
    type: SuggestionList,
    description:
      'With both customers and the one an accept keeps by default; best match first (score, then newest), or ' +
      'oldest change first with `since`. Filters combine',
  })
  @ApiBadRequestResponse({
    description:
      '`validation_failed` (an unknown `status` or `rule`, a `minScore` outside 0–1, a `customerId` that is no id, ' +
      'a `since` that is no ISO 8601 time) or `invalid_cursor` (including a cursor of the other order)',
  })
  list(@CurrentUser() actor: UserPrincipal, @Query() query: SuggestionListQueryDto): Promise<SuggestionList> {
    return this.suggestions.list(actor, query);
  }

  @Post(':id/accept')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Accept a suggestion: merge its pair',
    description:
      'Keeps `survivorId` when given; by default the older customer (created first: the profile the business ' +
      'knew, holding what agents typed) of two of the same kind, and a member over a contact unless the identity ' +
      'settings’ `survivorPreference` is `older`, as the list’s `defaultSurvivorId` says',
  })
  @ApiOkResponse({ type: AcceptedSuggestion, description: 'Accepted, and the merge is done' })
  @ApiAcceptedResponse({
    type: AcceptedSuggestion,
    description: 'Accepted; the merge is still running: follow it at GET /merges/{id}',
  })
  @ApiBadRequestResponse({ description: '`invalid_survivor` (not one of the pair), `invalid_pick` (`field`)' })
  @ApiNotFoundResponse(NOT_FOUND)
  @ApiConflictResponse({
    description:
      `${DECIDED}; \`merge_blocked\` with \`blocks\` (the guard’s reason, identifier type, values, remedies); ` +
      '`customer_merged` (with `survivorId`); `merge_in_progress`',
  })
  async accept(
    @CurrentUser() actor: UserPrincipal,
    @Param('id') id: string,
    @Body() dto: AcceptSuggestionDto,
    @Res({ passthrough: true }) response: FastifyReply,
  ): Promise<AcceptedSuggestion> {
    const { accepted, finished } = await this.suggestions.accept(actor, id, dto);
    if (!finished) response.status(202);
    return accepted;
  }

  @Post(':id/reject')
  @HttpCode(200)
  @ApiOkResponse({
    type: SuggestionView,
    description: 'Rejected: the pair is not suggested again without new evidence',
  })
  @ApiNotFoundResponse(NOT_FOUND)
  @ApiConflictResponse({ description: DECIDED })
  reject(
    @CurrentUser() actor: UserPrincipal,
    @Param('id') id: string,
    @Body() dto: RejectSuggestionDto,
  ): Promise<SuggestionView> {
    return this.suggestions.reject(actor, id, dto.reason);
  }
}
