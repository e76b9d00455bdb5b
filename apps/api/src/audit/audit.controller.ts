import { Controller, Get, Param, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentUser, MinRole, type UserPrincipal } from '@app/auth';
import { PageQueryDto } from '../paging/page-query.dto.js';
import { AuditList, AuditListQueryDto } from './audit.dto.js';
import { AuditService } from './audit.service.js';

const FORBIDDEN = { description: 'Supervisors and admins only' };
const BAD_REQUEST = { description: '`invalid_cursor` or `validation_failed`' };

/** The append-only audit trail: read here, never changed (no route updates or deletes a record). */
@ApiTags('audit')
@ApiBearerAuth()
@MinRole('supervisor')
@Controller('api/v1')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get('audit')
  @ApiOkResponse({
    type: AuditList,
    description:
      'Every merge, undo, detach, move, suggestion decision, customer edit, settings change and automatic join',
  })
  @ApiBadRequestResponse(BAD_REQUEST)
  @ApiForbiddenResponse(FORBIDDEN)
  list(@CurrentUser() actor: UserPrincipal, @Query() query: AuditListQueryDto): Promise<AuditList> {
    return this.audit.list(actor, query);
  }

  @Get('customers/:id/audit')
  @ApiOkResponse({
    type: AuditList,
    description: 'The records naming the customer; a merged-away customer answers its own records (no redirect)',
  })
  @ApiBadRequestResponse(BAD_REQUEST)
  @ApiForbiddenResponse(FORBIDDEN)
  @ApiNotFoundResponse({ description: '`not_found`: no such customer in this tenant' })
  ofCustomer(
    @CurrentUser() actor: UserPrincipal,
    @Param('id') id: string,
    @Query() query: PageQueryDto,
  ): Promise<AuditList> {
    return this.audit.ofCustomer(actor, id, query);
  }
}
