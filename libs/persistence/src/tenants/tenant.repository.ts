import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model, Types } from 'mongoose';
import { Coalescer } from '../coalescer.js';
import { parseObjectId } from '../mongo-errors.js';
import type { Stored } from '../tenant-scoped.repository.js';
import { Tenant, type IdentitySettingsDocument } from './tenant.schema.js';

export interface VersionedIdentitySettings {
  settings: IdentitySettingsDocument;
  version: number;
}

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

  /** Every tenant's id: what a migration over all tenants walks. */
  async allIds(): Promise<Types.ObjectId[]> {
    const tenants = await this.model.find({}, { _id: 1 }).lean<{ _id: Types.ObjectId }[]>().exec();
    return tenants.map(({ _id }) => _id);
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

  /** Replaces the settings and raises their version; answers both as saved. */
  async updateIdentitySettings(
    id: Types.ObjectId | string,
    settings: IdentitySettingsDocument,
  ): Promise<VersionedIdentitySettings | undefined> {
    const tenant = await this.model
      .findByIdAndUpdate(
        id,
        { $set: { identitySettings: settings }, $inc: { identitySettingsVersion: 1 } },
        { returnDocument: 'after', runValidators: true },
      )
      .lean<Stored<Tenant>>()
      .exec();
    return tenant ? { settings: tenant.identitySettings, version: tenant.identitySettingsVersion } : undefined;
  }

  /** The settings with their version, read together (a backfill checks every customer with one version). */
  async versionedIdentitySettings(id: Types.ObjectId | string): Promise<VersionedIdentitySettings | undefined> {
    const tenant = await this.model
      .findById(id, { identitySettings: 1, identitySettingsVersion: 1 })
      .lean<Stored<Tenant>>()
      .exec();
    return tenant ? { settings: tenant.identitySettings, version: tenant.identitySettingsVersion ?? 0 } : undefined;
  }

  /** The version of the tenant's settings, 0 for a tenant that never saved any. */
  async identitySettingsVersion(id: Types.ObjectId | string): Promise<number> {
    const tenant = await this.model
      .findById(id, { identitySettingsVersion: 1 })
      .lean<Pick<Tenant, 'identitySettingsVersion'>>()
      .exec();
    return tenant?.identitySettingsVersion ?? 0;
  }

  /** Undoes a tenant whose provisioning failed half-way (there are no transactions to roll back). */
  async deleteEmpty(id: Types.ObjectId): Promise<void> {
    await this.model.deleteOne({ _id: id }).exec();
  }
}
