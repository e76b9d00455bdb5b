import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsIn,
  IsISO8601,
  IsMongoId,
  IsNumber,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import {
  type MergeBlock,
  type MergePicks,
  CUSTOMER_KINDS,
  EVIDENCE_RULES,
  SUGGESTION_STATUSES,
  type CustomerKind,
  type EvidenceRule,
  type SuggestionStatus,
} from '@app/domain';
import { trimmed } from '@app/http';
import { PageQueryDto } from '../paging/page-query.dto.js';
import { IsMergePicks, PICKS_DESCRIPTION } from '../merges/merge-picks.js';
import { MergeView } from '../merges/merges.dto.js';

/** A query parameter given once, repeated (`rule=a&rule=b`) or comma-separated (`rule=a,b`), as a list. */
const listOf = ({ value }: { value: unknown }): unknown =>
  value === undefined ? undefined : [value].flat().flatMap((item) => String(item).split(','));

export class SuggestionListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    enum: SUGGESTION_STATUSES,
    isArray: true,
    description: 'Only suggestions in one of these statuses (repeat the parameter or separate by commas)',
    example: ['open', 'blocked'],
  })
  @IsOptional()
  @Transform(listOf)
  @IsIn(SUGGESTION_STATUSES, { each: true })
  status?: SuggestionStatus[];

  @ApiPropertyOptional({
    enum: EVIDENCE_RULES,
    isArray: true,
    description: 'Only suggestions with evidence of one of these rules (repeat the parameter or separate by commas)',
  })
  @IsOptional()
  @Transform(listOf)
  @IsIn(EVIDENCE_RULES, { each: true })
  rule?: EvidenceRule[];

  @ApiPropertyOptional({ minimum: 0, maximum: 1, description: 'Only suggestions scoring at least this', example: 0.8 })
  @IsOptional()
  @Type(() => Number)
  @IsNumber()
  @Min(0)
  @Max(1)
  minScore?: number;

  @ApiPropertyOptional({ description: 'Only the suggestions of this customer' })
  @IsOptional()
  @IsMongoId()
  customerId?: string;

  @ApiPropertyOptional({
    description:
      'ISO 8601: only suggestions changed at or after this time, oldest change first (instead of best match ' +
      'first). A reconnecting console passes the time of the last event it saw, without `status`, to catch up on ' +
      'every change it missed',
    example: '2026-03-01T10:00:00.000Z',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  since?: string;
}

export class AcceptSuggestionDto {
  @ApiPropertyOptional({
    description:
      'The customer kept, one of the pair. By default, of two of the same kind, the older one (created first: the ' +
      'profile the business knew, holding what agents typed); of two created at once, the one with more ' +
      'conversations, then the lower id. A member is kept over a contact unless the identity settings’ ' +
      '`survivorPreference` is `older`. The list names it as `defaultSurvivorId`',
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
  @ApiProperty({ type: String, nullable: true, description: 'When the customer was created' })
  createdAt!: string | null;
  @ApiProperty({ description: 'Conversations filed on the customer' }) conversationCount!: number;
  @ApiPropertyOptional({ description: 'Set when the customer was merged away: its survivor' }) mergedInto?: string;
}

export class SuggestionView {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: SUGGESTION_STATUSES }) status!: SuggestionStatus;
  @ApiProperty({ type: [String], minItems: 2, maxItems: 2 }) customerIds!: [string, string];
  @ApiPropertyOptional({ description: 'The customer whose change found the match' })
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
  @ApiProperty({
    description:
      'The customer an accept without `survivorId` keeps: the older (created first) of two of the same kind, a ' +
      'member over a contact unless `survivorPreference` is `older`; see the accept route',
  })
  defaultSurvivorId!: string;
}

export class SuggestionList {
  @ApiProperty({
    type: [SuggestionListItem],
    description: 'Best match first (score, then newest); with `since`, oldest change first',
  })
  items!: SuggestionListItem[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
  @ApiPropertyOptional({
    description:
      'How many suggestions the filters hold in all: on the first page (no `cursor`) of the best-match order ' +
      'when no `rule` is given (counted on an index; a count by rule would read every suggestion)',
    example: 2500,
  })
  total?: number;
}

export class AcceptedSuggestion {
  @ApiProperty({ type: SuggestionView }) suggestion!: SuggestionView;
  @ApiProperty({ type: MergeView }) merge!: MergeView;
}
