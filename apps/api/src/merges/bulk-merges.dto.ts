import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsInt,
  IsMongoId,
  IsOptional,
  IsString,
  Length,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { BULK_PAIR_OUTCOMES, type BulkPairOutcome } from '@app/domain';
import { BULK_MERGE_STATUSES, type BulkMergeStatus } from '@app/persistence';

/** One job takes this many pairs at most (about 0.8 MB of JSON, within the default body limit). */
export const MAX_BULK_PAIRS = 10_000;

export class BulkMergePairDto {
  @ApiProperty({ description: 'The customer that is kept', example: '665f1c2e8b3a4d0012345678' })
  @IsMongoId()
  survivorId!: string;

  @ApiProperty({ description: 'The customer merged into it', example: '665f1c2e8b3a4d0012345679' })
  @IsMongoId()
  victimId!: string;
}

export class BulkMergeRequestDto {
  @ApiProperty({
    description:
      'Chosen by the caller: a request with a key already used in this tenant answers that bulk merge and runs nothing again',
    example: 'crm-dedup-2026-03-01',
  })
  @IsString()
  @Length(1, 200)
  idempotencyKey!: string;

  @ApiProperty({
    type: [BulkMergePairDto],
    maxItems: MAX_BULK_PAIRS,
    description:
      'Merged in this order; pairs sharing a customer wait for each other, and a survivor merged away by an ' +
      'earlier pair stands for the customer it was merged into (A←B then B←C merges C into A)',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_BULK_PAIRS)
  @ValidateNested({ each: true })
  @Type(() => BulkMergePairDto)
  pairs!: BulkMergePairDto[];
}

export const DEFAULT_BULK_PAIRS_PAGE = 100;
export const MAX_BULK_PAIRS_PAGE = 1_000;

/** Which pairs `GET /merges/bulk/:id` lists, in the order given. */
export class BulkMergePairsQueryDto {
  @ApiPropertyOptional({ description: 'The `nextCursor` of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_BULK_PAIRS_PAGE, default: DEFAULT_BULK_PAIRS_PAGE })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_BULK_PAIRS_PAGE)
  limit?: number;
}

export class BulkMergeAcceptedView {
  @ApiProperty({ description: 'Follow it at GET /merges/bulk/{id}' }) id!: string;
  @ApiProperty({ enum: BULK_MERGE_STATUSES }) status!: BulkMergeStatus;
}

export class BulkPairResultView {
  @ApiProperty({
    enum: BULK_PAIR_OUTCOMES,
    description:
      '`merged` (`mergeId`, `survivorId`); `already_merged` (the victim ended where the survivor did already); ' +
      '`blocked` (`blocks`: the guard’s reasons and remedies, as `merge_blocked` names them); `not_found` ' +
      '(`customerId`: not a customer of this tenant); `victim_merged` (`mergedInto`: merged elsewhere before); ' +
      '`same_customer` (the survivor was merged into the victim); `busy` (`heldBy`: other journals held the ' +
      'customers through every attempt)',
  })
  outcome!: BulkPairOutcome;
  @ApiProperty({ required: false }) mergeId?: string;
  @ApiProperty({ required: false, description: 'The customer the victim merged into' }) survivorId?: string;
  @ApiProperty({ required: false }) customerId?: string;
  @ApiProperty({ required: false }) mergedInto?: string;
  @ApiProperty({ required: false, type: 'array', items: { type: 'object' } }) blocks?: unknown[];
  @ApiProperty({
    required: false,
    description: 'The journals holding the customers: `mergeIds`, `detachIds`, `undoIds`, `moveIds`',
    example: { mergeIds: ['665f1c2e8b3a4d001234567a'], detachIds: [], undoIds: [], moveIds: [] },
  })
  heldBy?: Record<string, string[]>;
  @ApiProperty({ description: 'Tries, counting those that found the customers busy' }) attempts!: number;
}

export class BulkMergePairView {
  @ApiProperty({ description: 'The pair’s place in the request, from 0' }) index!: number;
  @ApiProperty() survivorId!: string;
  @ApiProperty() victimId!: string;
  @ApiProperty({ type: BulkPairResultView, nullable: true, description: 'null until the pair has run' })
  result!: BulkPairResultView | null;
}

export class BulkMergeProgressView {
  @ApiProperty() total!: number;
  @ApiProperty({ description: 'Pairs with a result' }) done!: number;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'number' },
    description: 'Pairs per outcome so far',
    example: { merged: 997, blocked: 2, not_found: 1 },
  })
  outcomes!: Partial<Record<BulkPairOutcome, number>>;
}

export class BulkMergeReportView {
  @ApiProperty({ type: BulkMergeProgressView }) pairs!: BulkMergeProgressView;
  @ApiProperty({ description: 'From the worker taking the job to the last pair' }) durationMs!: number;
}

/** A bulk merge without its pairs: what the list shows. */
export class BulkMergeSummaryView {
  @ApiProperty() id!: string;
  @ApiProperty() idempotencyKey!: string;
  @ApiProperty({ enum: BULK_MERGE_STATUSES, description: '`queued`, `running` while pairs merge, then `done`' })
  status!: BulkMergeStatus;
  @ApiProperty({ enum: ['user', 'connector'] }) actorKind!: 'user' | 'connector';
  @ApiProperty({ description: 'The admin’s user id, or the connector key’s id' }) actorId!: string;
  @ApiProperty({ type: BulkMergeProgressView }) progress!: BulkMergeProgressView;
  @ApiProperty({ type: BulkMergeReportView, nullable: true, description: 'The final report, once `done`' })
  report!: BulkMergeReportView | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ type: String, nullable: true }) startedAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) finishedAt!: string | null;
}

export class BulkMergeListView {
  @ApiProperty({ type: [BulkMergeSummaryView], description: 'Newest first' }) items!: BulkMergeSummaryView[];
  @ApiProperty({ type: String, nullable: true, description: 'The next page; null after the last' })
  nextCursor!: string | null;
}

export class BulkMergeView {
  @ApiProperty() id!: string;
  @ApiProperty() idempotencyKey!: string;
  @ApiProperty({ enum: BULK_MERGE_STATUSES, description: '`queued`, `running` while pairs merge, then `done`' })
  status!: BulkMergeStatus;
  @ApiProperty({ enum: ['user', 'connector'] }) actorKind!: 'user' | 'connector';
  @ApiProperty({ description: 'The admin’s user id, or the connector key’s id' }) actorId!: string;
  @ApiProperty({ type: BulkMergeProgressView }) progress!: BulkMergeProgressView;
  @ApiProperty({
    type: [BulkMergePairView],
    description: 'A page of the pairs in the order given (`limit`, from `cursor`), each with its result once run',
  })
  pairs!: BulkMergePairView[];
  @ApiProperty({ type: String, nullable: true, description: 'The next page of pairs; null after the last pair' })
  nextCursor!: string | null;
  @ApiProperty({ type: BulkMergeReportView, nullable: true, description: 'The final report, once `done`' })
  report!: BulkMergeReportView | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ type: String, nullable: true }) startedAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) finishedAt!: string | null;
}
