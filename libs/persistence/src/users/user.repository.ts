import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model, Types } from 'mongoose';
import { parseObjectId } from '../mongo-errors.js';
import { TenantScopedRepository, type Stored, type TenantId, type TenantScope } from '../tenant-scoped.repository.js';
import { User, type Role } from './user.schema.js';

export type NewUser = Pick<User, 'email' | 'passwordHash' | 'name' | 'role'> & TenantScope;

/** What an admin changes of a user's access. */
export interface AccessChange {
  role?: Role;
  active?: boolean;
}

@Injectable()
export class UserRepository extends TenantScopedRepository<User> {
  constructor(@InjectModel(User.name) model: Model<User>) {
    super(model);
  }

  /** Every authenticated request reads its user: the reads of one event-loop turn are one `$in` per tenant. */
  private readonly byId = this.coalescedLookup('byId', '_id', (user) => user._id.toHexString());

  async create(user: NewUser): Promise<Stored<User>> {
    const doc = await this.model.create({ ...user, active: true, tokenVersion: 0 });
    return doc.toObject();
  }

  /** The user a token names, read by primary key for the per-request session check. */
  async findForSession(tenantId: TenantId, id: string): Promise<Stored<User> | null> {
    const _id = parseObjectId(id);
    if (!_id) return null;
    return (await this.byId.call({ tenantId, value: _id }))[0] ?? null;
  }

  /**
   * Sign-in is the one lookup that precedes knowing the tenant: the email is unique across tenants. Inactive users
   * are found too, so that their password costs the same time as anyone's.
   */
  findByEmailForSignIn(email: string): Promise<Stored<User> | null> {
    return this.model.findOne({ email: email.trim().toLowerCase() }).lean<Stored<User>>().exec();
  }

  /** Applies the change and raises the token version, so the user's tokens stop working; answers the user after. */
  changeAccess(tenantId: TenantId, id: string, change: AccessChange): Promise<Stored<User> | null> {
    return this.model
      .findOneAndUpdate(
        this.scoped({ tenantId, _id: id }),
        { $set: change, $inc: { tokenVersion: 1 } },
        {
          returnDocument: 'after',
        },
      )
      .lean<Stored<User>>()
      .exec();
  }

  /** Ends every token of the user signed at `tokenVersion` or before (signing out). */
  async revokeTokens(tenantId: TenantId, id: string): Promise<void> {
    await this.model.updateOne(this.scoped({ tenantId, _id: id }), { $inc: { tokenVersion: 1 } }).exec();
  }

  countActiveAdmins(tenantId: TenantId): Promise<number> {
    return this.count({ tenantId, role: 'admin', active: true });
  }

  /** These users of the tenant (deactivated ones included): the names of who did what. */
  findByIds(tenantId: TenantId, ids: Types.ObjectId[]): Promise<Stored<User>[]> {
    return ids.length === 0 ? Promise.resolve([]) : this.find({ tenantId, _id: { $in: ids } });
  }
}
