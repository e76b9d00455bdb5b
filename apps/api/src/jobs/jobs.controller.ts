import { Controller, Get, HttpCode, Param, ParseEnumPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, MinRole, type UserPrincipal } from '@app/auth';
import { QUEUES, type QueueName } from '@app/queue';
import { FailedJobList, FailedJobsQueryDto, FailedJobView } from './jobs.dto.js';
import { JobsService } from './jobs.service.js';

@ApiTags('jobs')
@ApiBearerAuth()
@MinRole('admin')
@Controller('api/v1/jobs')
export class JobsController {
  constructor(private readonly jobs: JobsService) {}

  @Get('failed')
  @ApiOkResponse({ type: FailedJobList, description: 'Background jobs of this tenant that failed for good' })
  failed(@CurrentUser() actor: UserPrincipal, @Query() query: FailedJobsQueryDto): Promise<FailedJobList> {
    return this.jobs.failed(actor, query.queue, query.limit ?? 50);
  }

  @Post(':queue/:id/retry')
  @HttpCode(200)
  @ApiOkResponse({ type: FailedJobView, description: 'The job, queued again' })
  retry(
    @CurrentUser() actor: UserPrincipal,
    @Param('queue', new ParseEnumPipe(QUEUES)) queue: QueueName,
    @Param('id') id: string,
  ): Promise<FailedJobView> {
    return this.jobs.retry(actor, queue, id);
  }
}
