import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsISO8601, IsMongoId, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import {
  type MergeBlock,
  type MergePicks,
  CUSTOMER_KINDS,
  SUGGESTION_STATUSES,
  type CustomerKind,
  type SuggestionStatus,
} from '@app/domain';
import { trimmed } from '@app/http';
import { PageQueryDto } from '../paging/page-query.dto.js';
import { IsMergePicks, PICKS_DESCRIPTION } from '../merges/merge-picks.js';
import { MergeView } from '../merges/merges.dto.js';

export class SuggestionListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: SUGGESTION_STATUSES, description: 'Only suggestions in this status' })
  @IsOptional()
  @IsIn(SUGGESTION_STATUSES)
  status?: SuggestionStatus;

  @ApiPropertyOptional({
    description:
      'ISO 8601: only suggestions changed at or after this time. A reconnecting console passes the time of the ' +
      'last event it saw, without `status`, to catch up on every change it missed',
    example: '2026-03-01T10:00:00.000Z',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  since?: string;
}

export class AcceptSuggestionDto {
  @ApiPropertyOptional({
    description: 'One of the pair; by default the customer the suggestion was opened from, else the older',
  })
  @IsOptional()
  @IsMongoId()
  survivorId?: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'string' }, description: PICKS_DESCRIPTION })
  @IsOptional()
  @IsMergePicks()
  picks?: MergePicks;
}

export class RejectSuggestionDto {
  @ApiPropertyOptional({ description: 'Why; "not the same person" when absent', example: 'twins' })
  @IsOptional()
  @IsString()
  @Transform(trimmed)
  @MinLength(1)
  @MaxLength(500)
  reason?: string;
}

export class SuggestionEvidenceView {
  @ApiProperty({ example: 'contact_data' }) rule!: string;
  @ApiProperty({ type: [String], description: 'The value on one customer, then on the other' }) values!: string[];
  @ApiPropertyOptional() score?: number;
}

export class SuggestionCustomerView {
  @ApiProperty() id!: string;
  @ApiProperty({ type: String, nullable: true }) name!: string | null;
  @ApiProperty({ enum: CUSTOMER_KINDS }) kind!: CustomerKind;
  @ApiProperty({ type: String, nullable: true }) lastActiveAt!: string | null;
  @ApiPropertyOptional({ description: 'Set when the customer was merged away: its survivor' }) mergedInto?: string;
}

export class SuggestionView {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: SUGGESTION_STATUSES }) status!: SuggestionStatus;
  @ApiProperty({ type: [String], minItems: 2, maxItems: 2 }) customerIds!: [string, string];
  @ApiPropertyOptional({ description: 'The customer whose change found the match: the default survivor' })
  openedFrom?: string;
  @ApiProperty({ type: [SuggestionEvidenceView] }) evidence!: SuggestionEvidenceView[];
  @ApiProperty() score!: number;
  @ApiProperty({
    type: 'array',
    items: { type: 'object' },
    description: 'While `blocked`: the guards’ explanations (code, identifier type, values, remedies)',
  })
  blocks!: MergeBlock[];
  @ApiPropertyOptional({ description: 'Once accepted: the merge it started' }) mergeId?: string;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
}

export class SuggestionListItem extends SuggestionView {
  @ApiProperty({ type: [SuggestionCustomerView], description: 'Both customers, in the order of `customerIds`' })
  customers!: SuggestionCustomerView[];
}

export class SuggestionList {
  @ApiProperty({ type: [SuggestionListItem], description: 'Oldest change first' }) items!: SuggestionListItem[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}

export class AcceptedSuggestion {
  @ApiProperty({ type: SuggestionView }) suggestion!: SuggestionView;
  @ApiProperty({ type: MergeView }) merge!: MergeView;
}
