import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, Matches } from 'class-validator';
import {
  AUDIT_ACTOR_KINDS,
  AUDIT_RECORD_TYPES,
  AUDIT_TRIGGER_KINDS,
  type AuditActorKind,
  type AuditRecordType,
  type AuditTriggerKind,
} from '@app/domain';
import { PageQueryDto } from '../paging/page-query.dto.js';
import { ACTOR_FILTER } from './actor-filter.js';

export class AuditListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    description:
      'Only this actor: a kind (`user`, `connector`, `system`), a kind and its id (`user:<userId>`, ' +
      '`connector:<keyId>`, `system:<rule>`), or a user id alone',
    example: 'system:same-identifier',
  })
  @IsOptional()
  @IsString()
  @Matches(ACTOR_FILTER, { message: 'actor must be user, connector or system, optionally followed by :<id>' })
  actor?: string;

  @ApiPropertyOptional({ enum: AUDIT_RECORD_TYPES, description: 'Only records of this type' })
  @IsOptional()
  @IsIn(AUDIT_RECORD_TYPES)
  type?: AuditRecordType;

  @ApiPropertyOptional({ description: 'ISO 8601: only records at or after this time', example: '2026-03-01T10:00:00Z' })
  @IsOptional()
  @IsISO8601({ strict: true })
  since?: string;
}

export class AuditActorView {
  @ApiProperty({ enum: AUDIT_ACTOR_KINDS }) kind!: AuditActorKind;
  @ApiPropertyOptional({ description: 'A user’s id' }) id?: string;
  @ApiPropertyOptional({ description: 'A user’s role when the action was taken (when known)' }) role?: string;
  @ApiPropertyOptional({ description: 'A connector key’s id' }) keyId?: string;
  @ApiPropertyOptional({ description: 'The rule the system applied', example: 'same-identifier' }) rule?: string;
}

export class AuditTriggerView {
  @ApiProperty({ enum: AUDIT_TRIGGER_KINDS }) kind!: AuditTriggerKind;
  @ApiPropertyOptional({ description: 'The suggestion’s id, the inbound message’s provider id…' }) id?: string;
}

export class AuditRecordView {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: AUDIT_RECORD_TYPES }) type!: AuditRecordType;
  @ApiProperty({ type: AuditActorView }) actor!: AuditActorView;
  @ApiProperty({ type: AuditTriggerView, description: 'What caused it' }) trigger!: AuditTriggerView;
  @ApiProperty({ type: [String], description: 'The customers it concerns' }) customerIds!: string[];
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'What changed, as it was' })
  before!: Record<string, unknown>;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'What changed, as it became' })
  after!: Record<string, unknown>;
  @ApiProperty({ description: 'ISO 8601' }) at!: string;
}

export class AuditList {
  @ApiProperty({ type: [AuditRecordView], description: 'Newest first' }) items!: AuditRecordView[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}
