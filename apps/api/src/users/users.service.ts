import { Injectable } from '@nestjs/common';
import { PasswordService, type UserPrincipal } from '@app/auth';
import { ProblemException } from '@app/http';
import { UserRepository } from '@app/persistence';
import type { UserView } from '../auth/auth.dto.js';
import type { CreateUserDto, UserList } from './users.dto.js';
import { toUserView } from './user-view.js';

const DUPLICATE_KEY = 11000;

@Injectable()
export class UsersService {
  constructor(
    private readonly users: UserRepository,
    private readonly passwords: PasswordService,
  ) {}

  async create(actor: UserPrincipal, dto: CreateUserDto): Promise<UserView> {
    const passwordHash = await this.passwords.hash(dto.password);
    try {
      const user = await this.users.create({ tenantId: actor.tenantId, ...dto, passwordHash });
      return toUserView(user);
    } catch (error) {
      if ((error as { code?: number }).code === DUPLICATE_KEY) {
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
