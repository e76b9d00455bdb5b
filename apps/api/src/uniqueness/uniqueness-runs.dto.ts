import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsMongoId, IsOptional } from 'class-validator';
import { ENFORCE_UNIQUE_BY, type EnforceUniqueBy } from '@app/domain';
import {
  UNIQUENESS_GROUP_OUTCOMES,
  UNIQUENESS_RUN_STATUSES,
  type UniquenessGroupOutcome,
  type UniquenessRunStatus,
} from '@app/persistence';

export class UniquenessRunRequestDto {
  @ApiProperty({ description: 'true: report the groups and what the guards say, changing nothing; false: merge them' })
  @IsBoolean()
  dryRun!: boolean;

  @ApiPropertyOptional({
    description: 'A real run merges exactly the groups of this finished dry run (else it finds the groups itself)',
  })
  @IsOptional()
  @IsMongoId()
  dryRunId?: string;
}

export class UniquenessRunAcceptedView {
  @ApiProperty() id!: string;
}

export class UniquenessRunProgressView {
  @ApiProperty({ description: 'Groups found (0 while they are being found)' }) groups!: number;
  @ApiProperty({ description: 'Groups with a result' }) done!: number;
  @ApiProperty({ description: 'Merged (or found merged already) in a real run; that would merge in a dry run' })
  merged!: number;
  @ApiProperty({ description: 'Refused by a guard, or because their customers changed meanwhile' }) refused!: number;
}

export class UniquenessRunGroupView {
  @ApiProperty({ description: 'The original: created first' }) survivorId!: string;
  @ApiProperty({ type: [String], description: 'The newer customers merged into it' }) victimIds!: string[];
  @ApiProperty({ type: [String], description: 'The shared values that joined them' }) values!: string[];
  @ApiPropertyOptional({ enum: UNIQUENESS_GROUP_OUTCOMES, description: 'Absent until the group has its result' })
  outcome?: UniquenessGroupOutcome;
  @ApiPropertyOptional({ description: '`merged`: the merge journal (undo at POST /api/v1/merges/{id}/undo)' })
  mergeId?: string;
  @ApiPropertyOptional({
    example: 'merge_blocked',
    description: '`refused`: `merge_blocked` (a guard), `customers_separated`, or why the merge could not start',
  })
  code?: string;
  @ApiPropertyOptional() detail?: string;
  @ApiPropertyOptional({
    type: 'array',
    items: { type: 'object' },
    description: '`refused` by a guard: per victim, its reasons and remedies (as a refused merge names them)',
  })
  blocks?: object[];
  @ApiPropertyOptional({
    type: [String],
    description: '`refused` as `customers_separated`: the pairs (`id:id`) judged different people, never merged here',
  })
  separatedPairs?: string[];
}

export class UniquenessRunView {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: UNIQUENESS_RUN_STATUSES }) status!: UniquenessRunStatus;
  @ApiProperty() dryRun!: boolean;
  @ApiProperty({ enum: ENFORCE_UNIQUE_BY, description: 'The attribute enforced when the run was asked for' })
  enforceUniqueBy!: EnforceUniqueBy;
  @ApiPropertyOptional({ description: 'The dry run whose groups this run merges' }) dryRunId?: string;
  @ApiProperty({ type: UniquenessRunProgressView }) progress!: UniquenessRunProgressView;
  @ApiProperty({ type: [UniquenessRunGroupView], description: 'Every group, the oldest original first' })
  report!: UniquenessRunGroupView[];
  @ApiProperty() createdAt!: string;
  @ApiProperty({ type: String, nullable: true }) finishedAt!: string | null;
}
