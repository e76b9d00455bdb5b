import { Body, Controller, Get, Param, Patch, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentUser, MinRole, type UserPrincipal } from '@app/auth';
import { ConversationList } from '../conversations/conversations.dto.js';
import { PageQueryDto } from '../paging/page-query.dto.js';
import { CustomerList, CustomerProfile, CustomerSearchQueryDto, UpdateCustomerDto } from './customers.dto.js';
import { CustomersService } from './customers.service.js';

const MERGED = {
  status: 308,
  description:
    'The customer was merged into another: `Location` is the same path of the survivor; problem body with ' +
    '`code: customer_merged`, `customerId`, `survivorId`',
};
const NOT_FOUND = { description: '`not_found`: no such customer in this tenant' };

@ApiTags('customers')
@ApiBearerAuth()
@MinRole('agent')
@Controller('api/v1/customers')
export class CustomersController {
  constructor(private readonly customers: CustomersService) {}

  @Get()
  @ApiOkResponse({ type: CustomerList, description: 'Active customers, newest first' })
  @ApiBadRequestResponse({ description: '`invalid_cursor` or `validation_failed`' })
  search(@CurrentUser() actor: UserPrincipal, @Query() query: CustomerSearchQueryDto): Promise<CustomerList> {
    return this.customers.search(actor, query);
  }

  @Get(':id')
  @ApiOkResponse({ type: CustomerProfile })
  @ApiResponse(MERGED)
  @ApiNotFoundResponse(NOT_FOUND)
  profile(@CurrentUser() actor: UserPrincipal, @Param('id') id: string): Promise<CustomerProfile> {
    return this.customers.profile(actor, id);
  }

  @Patch(':id')
  @ApiOkResponse({ type: CustomerProfile, description: 'The updated profile' })
  @ApiBadRequestResponse({ description: '`validation_failed`, with the fields (`errors[].field`)' })
  @ApiResponse(MERGED)
  @ApiNotFoundResponse(NOT_FOUND)
  update(
    @CurrentUser() actor: UserPrincipal,
    @Param('id') id: string,
    @Body() dto: UpdateCustomerDto,
  ): Promise<CustomerProfile> {
    return this.customers.update(actor, id, dto);
  }

  @Get(':id/conversations')
  @ApiOkResponse({ type: ConversationList, description: 'Last message first' })
  @ApiBadRequestResponse({ description: '`invalid_cursor` or `validation_failed`' })
  @ApiResponse(MERGED)
  @ApiNotFoundResponse(NOT_FOUND)
  conversations(
    @CurrentUser() actor: UserPrincipal,
    @Param('id') id: string,
    @Query() query: PageQueryDto,
  ): Promise<ConversationList> {
    return this.customers.conversationsOf(actor, id, query);
  }
}
