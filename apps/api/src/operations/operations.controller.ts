import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiForbiddenResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, MinRole, type UserPrincipal } from '@app/auth';
import { OperationsService } from '@app/identity';
import { mapPage } from '@app/persistence';
import { pageRequest } from '../paging/page-query.dto.js';
import { OperationList, OperationListQueryDto } from './operations.dto.js';

/** What is in flight: the journaled operations that lock customers (merges, detaches, undos), across kinds. */
@ApiTags('operations')
@ApiBearerAuth()
@MinRole('supervisor')
@Controller('api/v1/operations')
export class OperationsController {
  constructor(private readonly operations: OperationsService) {}

  @Get()
  @ApiOkResponse({
    type: OperationList,
    description:
      'The tenant’s operations in a state (`running` unless asked), newest first: a running one not moved for ' +
      '`STUCK_OPERATION_SECONDS` is being resumed by the worker',
  })
  @ApiBadRequestResponse({ description: '`invalid_cursor` or `validation_failed`' })
  @ApiForbiddenResponse({ description: 'Supervisors and admins only' })
  async list(@CurrentUser() actor: UserPrincipal, @Query() query: OperationListQueryDto): Promise<OperationList> {
    const page = await this.operations.list(
      actor.tenantId,
      { statuses: [query.status ?? 'running'], kind: query.kind },
      pageRequest(query, true),
    );
    return mapPage(page, (item) => ({
      ...item,
      startedAt: item.startedAt.toISOString(),
      updatedAt: item.updatedAt.toISOString(),
    }));
  }
}
