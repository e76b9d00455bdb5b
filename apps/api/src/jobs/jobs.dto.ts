import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { Type } from 'class-transformer';
import { ALL_QUEUES, type QueueName } from '@app/queue';

export class FailedJobsQueryDto {
  @ApiPropertyOptional({ enum: ALL_QUEUES })
  @IsOptional()
  @IsIn(ALL_QUEUES)
  queue?: QueueName;

  @ApiPropertyOptional({ default: 50, minimum: 1, maximum: 200 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
}

export class FailedJobView {
  @ApiProperty({ enum: ALL_QUEUES })
  queue!: string;

  @ApiProperty()
  id!: string;

  @ApiProperty({ example: 'inbound.event' })
  name!: string;

  @ApiProperty({ example: '"not a number" is not a usable phone' })
  failedReason!: string;

  @ApiProperty()
  attemptsMade!: number;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  failedAt!: string | null;

  @ApiProperty({ description: 'The job payload, as queued', type: 'object', additionalProperties: true })
  data!: Record<string, unknown>;
}

export class FailedJobList {
  @ApiProperty({ type: [FailedJobView] })
  items!: FailedJobView[];
}
