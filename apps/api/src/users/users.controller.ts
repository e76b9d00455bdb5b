import { Body, Controller, Get, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, MinRole, type UserPrincipal } from '@app/auth';
import { UserView } from '../auth/auth.dto.js';
import { CreateUserDto, UserList } from './users.dto.js';
import { UsersService } from './users.service.js';

@ApiTags('users')
@ApiBearerAuth()
@MinRole('admin')
@Controller('api/v1/users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post()
  @ApiCreatedResponse({ type: UserView })
  create(@CurrentUser() actor: UserPrincipal, @Body() dto: CreateUserDto): Promise<UserView> {
    return this.users.create(actor, dto);
  }

  @Get()
  @ApiOkResponse({ type: UserList })
  list(@CurrentUser() actor: UserPrincipal): Promise<UserList> {
    return this.users.list(actor);
  }
}
