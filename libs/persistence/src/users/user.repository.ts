import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model, Types } from 'mongoose';
import { TenantScopedRepository, type Stored, type TenantId, type TenantScope } from '../tenant-scoped.repository.js';
import { User } from './user.schema.js';

export type NewUser = Pick<User, 'email' | 'passwordHash' | 'name' | 'role'> & TenantScope;

@Injectable()
export class UserRepository extends TenantScopedRepository<User> {
  constructor(@InjectModel(User.name) model: Model<User>) {
    super(model);
  }

  async create(user: NewUser): Promise<Stored<User>> {
    const doc = await this.model.create({ ...user, active: true });
    return doc.toObject();
  }

  /** Sign-in is the one lookup that precedes knowing the tenant: the email is unique across tenants. */
  findActiveByEmailForSignIn(email: string): Promise<Stored<User> | null> {
    return this.model.findOne({ email: email.trim().toLowerCase(), active: true }).lean<Stored<User>>().exec();
  }

  /** These users of the tenant (deactivated ones included): the names of who did what. */
  findByIds(tenantId: TenantId, ids: Types.ObjectId[]): Promise<Stored<User>[]> {
    return ids.length === 0 ? Promise.resolve([]) : this.find({ tenantId, _id: { $in: ids } });
  }
}
