import { Body, Controller, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentUser, MinRole, type UserPrincipal } from '@app/auth';
import { MergePreview, MergePreviewRequestDto, MergeRequestDto, MergeView } from './merges.dto.js';
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
    @Res({ passthrough: true }) response: Response,
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
}
