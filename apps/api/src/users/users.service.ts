import { Injectable } from '@nestjs/common';
import { AccountsService, EmailTakenError, type UserPrincipal } from '@app/auth';
import { ProblemException } from '@app/http';
import { UserRepository } from '@app/persistence';
import type { UserView } from '../auth/auth.dto.js';
import type { CreateUserDto, UserList } from './users.dto.js';
import { toUserView } from './user-view.js';

@Injectable()
export class UsersService {
  constructor(
    private readonly accounts: AccountsService,
    private readonly users: UserRepository,
  ) {}

  async create(actor: UserPrincipal, dto: CreateUserDto): Promise<UserView> {
    try {
      return toUserView(await this.accounts.createUser(actor.tenantId, dto));
    } catch (error) {
      if (error instanceof EmailTakenError) {
        throw new ProblemException(409, 'email_taken', 'A user with this email already exists');
      }
      throw error;
    }
  }

  async list(actor: UserPrincipal): Promise<UserList> {
    const users = await this.users.find({ tenantId: actor.tenantId }, { sort: { _id: 1 }, limit: 1000 });
    return { items: users.map(toUserView), nextCursor: null };
  }
}
