import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { DETACH_STATUSES, DETACH_STEPS, DETACH_UNDO_STEPS, type DetachStatus } from '@app/persistence';

export class DetachRequestDto {
  @ApiPropertyOptional({ description: 'Why the identity is not this customer’s, for the audit trail', maxLength: 500 })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;
}

export class DetachView {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: DETACH_STATUSES, description: '`running` until every step is done, then `done`' })
  status!: DetachStatus;
  @ApiProperty({ description: 'The identity that leaves its customer' }) identityId!: string;
  @ApiProperty({ description: 'The customer it leaves' }) fromCustomerId!: string;
  @ApiProperty({ description: 'The new customer, created by the detach (its id is decided when it starts)' })
  toCustomerId!: string;
  @ApiProperty({ type: String, nullable: true }) reason!: string | null;
  @ApiProperty({ description: 'The supervisor who detached' }) actorId!: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'number' },
    description: 'What moves to the new customer, counted when the detach was planned',
    example: { identities: 1, conversations: 2, messages: 17, contactData: 1 },
  })
  moved!: Record<string, number>;
  @ApiProperty({
    type: [String],
    enum: [...new Set([...DETACH_STEPS, ...DETACH_UNDO_STEPS])],
    description: 'The journal steps done so far',
  })
  completedSteps!: string[];
  @ApiProperty({ type: String, nullable: true, description: 'An undo: the detach it undoes' })
  undoes!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'The undo that claimed this detach' })
  undoneBy!: string | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ type: String, nullable: true }) finishedAt!: string | null;
}
