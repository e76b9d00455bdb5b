import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, MinRole, type UserPrincipal } from '@app/auth';
import { CustomerLineage } from './lineage.dto.js';
import { LineageService } from './lineage.service.js';

@ApiTags('customers')
@ApiBearerAuth()
@MinRole('agent')
@Controller('api/v1/customers')
export class LineageController {
  constructor(private readonly lineage: LineageService) {}

  @Get(':id/lineage')
  @ApiOkResponse({
    type: CustomerLineage,
    description:
      'The profiles merged into the customer and detached from it (or it from), with when, who and whether it was ' +
      'undone, and the channels of its identities: what the console draws as the identity graph. Agents read it; ' +
      'the full audit trail is for supervisors. Up to 50 merges and 50 detaches, newest first',
  })
  @ApiResponse({
    status: 308,
    description: 'The customer was merged into another: `Location` is the survivor’s lineage (`customer_merged`)',
  })
  @ApiNotFoundResponse({ description: '`not_found`: no such customer in this tenant' })
  of(@CurrentUser() actor: UserPrincipal, @Param('id') id: string): Promise<CustomerLineage> {
    return this.lineage.of(actor, id);
  }
}
