import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model, Types } from 'mongoose';
import { Coalescer } from '../coalescer.js';
import { parseObjectId } from '../mongo-errors.js';
import type { Stored } from '../tenant-scoped.repository.js';
import { Tenant, type IdentitySettingsDocument } from './tenant.schema.js';

/** Tenants are the root of scoping: the only collection queried without a tenant id. */
@Injectable()
export class TenantRepository {
  constructor(@InjectModel(Tenant.name) private readonly model: Model<Tenant>) {}

  create(tenant: { name: string; slug: string }): Promise<Stored<Tenant>> {
    return this.model.create(tenant).then((doc) => doc.toObject());
  }

  findBySlug(slug: string): Promise<Stored<Tenant> | null> {
    return this.model.findOne({ slug: slug.toLowerCase() }).lean<Stored<Tenant>>().exec();
  }

  async findById(id: string): Promise<Stored<Tenant> | null> {
    const _id = parseObjectId(id);
    return _id ? this.model.findById(_id).lean<Stored<Tenant>>().exec() : null;
  }

  private readonly settingsOf = new Coalescer<Types.ObjectId | string, IdentitySettingsDocument | undefined>(
    'Tenant.identitySettings',
    async (ids) => {
      const parsed = ids.map((id) => parseObjectId(String(id))?.toHexString());
      const unique = [...new Set(parsed.filter((id) => id !== undefined))];
      const tenants = await this.model
        .find({ _id: { $in: unique } }, { identitySettings: 1 })
        .lean<Stored<Tenant>[]>()
        .exec();
      const byId = new Map(tenants.map((tenant) => [tenant._id.toHexString(), tenant.identitySettings]));
      return parsed.map((id) => (id === undefined ? undefined : byId.get(id)));
    },
  );

  /** The tenant's identity settings (concurrent readers share one query). */
  identitySettings(id: Types.ObjectId | string): Promise<IdentitySettingsDocument | undefined> {
    return this.settingsOf.call(id);
  }

  async updateIdentitySettings(
    id: Types.ObjectId | string,
    settings: IdentitySettingsDocument,
  ): Promise<IdentitySettingsDocument | undefined> {
    const tenant = await this.model
      .findByIdAndUpdate(id, { $set: { identitySettings: settings } }, { returnDocument: 'after', runValidators: true })
      .lean<Stored<Tenant>>()
      .exec();
    return tenant?.identitySettings;
  }

  /** Undoes a tenant whose provisioning failed half-way (there are no transactions to roll back). */
  async deleteEmpty(id: Types.ObjectId): Promise<void> {
    await this.model.deleteOne({ _id: id }).exec();
  }
}
