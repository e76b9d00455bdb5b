import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentUser, MinRole, type UserPrincipal } from '@app/auth';
import { CreateUserDto, TenantUserView, UpdateUserDto, UserList } from './users.dto.js';
import { UsersService } from './users.service.js';

@ApiTags('users')
@ApiBearerAuth()
@MinRole('admin')
@Controller('api/v1/users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post()
  @ApiOperation({ summary: 'Invite a user: an account of the tenant with an initial password' })
  @ApiCreatedResponse({ type: TenantUserView })
  @ApiConflictResponse({ description: '`email_taken`' })
  create(@CurrentUser() actor: UserPrincipal, @Body() dto: CreateUserDto): Promise<TenantUserView> {
    return this.users.create(actor, dto);
  }

  @Get()
  @ApiOperation({ summary: 'The users of the tenant, with their role and whether they are active' })
  @ApiOkResponse({ type: UserList })
  list(@CurrentUser() actor: UserPrincipal): Promise<UserList> {
    return this.users.list(actor);
  }

  @Patch(':id')
  @ApiOperation({
    summary: 'Change a user’s role or deactivate/reactivate them',
    description:
      'Takes effect on the user’s next request: their access tokens stop working, and their open consoles receive ' +
      '`session.revoked` and are disconnected. A change that alters nothing revokes nothing.',
  })
  @ApiOkResponse({ type: TenantUserView })
  @ApiNotFoundResponse({ description: 'No such user in the tenant' })
  @ApiConflictResponse({ description: '`last_admin`: the tenant would be left with no active admin' })
  update(
    @CurrentUser() actor: UserPrincipal,
    @Param('id') id: string,
    @Body() dto: UpdateUserDto,
  ): Promise<TenantUserView> {
    return this.users.update(actor, id, dto);
  }
}
