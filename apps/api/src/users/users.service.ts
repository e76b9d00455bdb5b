import { Injectable } from '@nestjs/common';
import {
  AccountsService,
  changedStanding,
  changesAccess,
  EmailTakenError,
  keepsAnActiveAdmin,
  type UserPrincipal,
} from '@app/auth';
import { notFound, ProblemException } from '@app/http';
import { UserRepository, type Stored, type User } from '@app/persistence';
import { RealtimeEmitter } from '@app/realtime';
import type { CreateUserDto, TenantUserView, UpdateUserDto, UserList } from './users.dto.js';
import { toTenantUserView } from './user-view.js';

const lastAdmin = (): ProblemException =>
  new ProblemException(
    409,
    'last_admin',
    'The tenant would have no active admin left: make another user an admin first',
  );

@Injectable()
export class UsersService {
  constructor(
    private readonly accounts: AccountsService,
    private readonly users: UserRepository,
    private readonly realtime: RealtimeEmitter,
  ) {}

  async create(actor: UserPrincipal, dto: CreateUserDto): Promise<TenantUserView> {
    try {
      return toTenantUserView(await this.accounts.createUser(actor.tenantId, dto));
    } catch (error) {
      if (error instanceof EmailTakenError) {
        throw new ProblemException(409, 'email_taken', 'A user with this email already exists');
      }
      throw error;
    }
  }

  async list(actor: UserPrincipal): Promise<UserList> {
    const users = await this.users.find({ tenantId: actor.tenantId }, { sort: { _id: 1 }, limit: 1000 });
    return { items: users.map(toTenantUserView), nextCursor: null };
  }

  /**
   * A role change or deactivation ends the user's sessions: their tokens stop working on the next request, and
   * their open consoles are told `session.revoked` and disconnected. A tenant always keeps an active admin.
   */
  async update(actor: UserPrincipal, id: string, dto: UpdateUserDto): Promise<TenantUserView> {
    const user = await this.users.findById(actor.tenantId, id);
    if (!user) throw notFound('user');
    const after = changedStanding(user, dto);
    if (!changesAccess(user, after)) return toTenantUserView(user);
    if (!keepsAnActiveAdmin(await this.users.countActiveAdmins(actor.tenantId), user, after)) throw lastAdmin();
    const changed = await this.users.changeAccess(actor.tenantId, id, after);
    if (!changed) throw notFound('user');
    await this.refuseIfNoAdminLeft(actor, user, changed);
    this.realtime.endSessions(actor.tenantId, id, after.active ? 'role_changed' : 'deactivated');
    return toTenantUserView(changed);
  }

  /**
   * Two admins demoting each other at once each see the other still an admin. Counting again after the write
   * catches it: the change is put back and refused, so the tenant is never left without an admin.
   */
  private async refuseIfNoAdminLeft(actor: UserPrincipal, before: Stored<User>, changed: Stored<User>) {
    if ((await this.users.countActiveAdmins(actor.tenantId)) > 0) return;
    await this.users.changeAccess(actor.tenantId, changed._id.toHexString(), {
      role: before.role,
      active: before.active,
    });
    throw lastAdmin();
  }
}
