import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { MOVE_STATUSES, MOVE_STEPS, type MoveStatus } from '@app/persistence';

export class MoveRequestDto {
  @ApiProperty({ description: 'The customer the conversation goes to (an active one: a merged-away one is refused)' })
  @IsString()
  customerId!: string;

  @ApiPropertyOptional({
    description: 'Why the conversation is not this customer’s, for the audit trail',
    maxLength: 500,
  })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;
}

export class MoveView {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: MOVE_STATUSES, description: '`running` until every step is done, then `done`' })
  status!: MoveStatus;
  @ApiProperty() conversationId!: string;
  @ApiProperty({ description: 'The identity the conversation came through: it stays with its customer' })
  identityId!: string;
  @ApiProperty({ description: 'The customer the conversation leaves' }) fromCustomerId!: string;
  @ApiProperty({ description: 'The customer it goes to' }) toCustomerId!: string;
  @ApiProperty({ type: String, nullable: true }) reason!: string | null;
  @ApiProperty({ description: 'The supervisor who moved it' }) actorId!: string;
  @ApiProperty({ type: String, nullable: true, description: 'This move undoes that one (the conversation goes back)' })
  undoes!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'The move that undoes (or undid) this one' })
  undoneBy!: string | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'number' },
    description: 'What moves, counted when the move was planned',
    example: { conversations: 1, messages: 12 },
  })
  moved!: Record<string, number>;
  @ApiProperty({ type: [String], enum: MOVE_STEPS, description: 'The journal steps done so far' })
  completedSteps!: string[];
  @ApiProperty() createdAt!: string;
  @ApiProperty({ type: String, nullable: true }) finishedAt!: string | null;
}
