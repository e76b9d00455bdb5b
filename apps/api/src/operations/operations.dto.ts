import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { LOCKING_JOURNALS, MERGE_STATUSES, type LockingJournal, type MergeStatus } from '@app/persistence';
import { PageQueryDto } from '../paging/page-query.dto.js';

export class OperationListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: MERGE_STATUSES, default: 'running', description: 'Only operations in this state' })
  @IsOptional()
  @IsIn(MERGE_STATUSES)
  status?: MergeStatus;

  @ApiPropertyOptional({ enum: LOCKING_JOURNALS, description: 'Only operations of this kind (all kinds when absent)' })
  @IsOptional()
  @IsIn(LOCKING_JOURNALS)
  kind?: LockingJournal;
}

export class OperationItem {
  @ApiProperty({
    enum: LOCKING_JOURNALS,
    description: 'merge, detach, undo (of a merge) or move (of a conversation, or the undo of one)',
  })
  kind!: LockingJournal;
  @ApiProperty({ description: 'The journal’s id (a merge id, a detach id, an undo id)' }) id!: string;
  @ApiProperty({ enum: MERGE_STATUSES }) status!: MergeStatus;
  @ApiProperty({ type: [String], description: 'The customers it locks' }) customerIds!: string[];
  @ApiProperty({ type: [String], description: 'Its steps recorded so far, in order' }) completedSteps!: string[];
  @ApiProperty({ description: 'The user who started it, or the connector key of an integration’s merge' })
  actorId!: string;
  @ApiProperty({ description: 'ISO 8601: when it started' }) startedAt!: string;
  @ApiProperty({ description: 'ISO 8601: when it last moved (a step recorded, or its executor’s heartbeat)' })
  updatedAt!: string;
}

export class OperationList {
  @ApiProperty({ type: [OperationItem], description: 'Newest first' }) items!: OperationItem[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}
