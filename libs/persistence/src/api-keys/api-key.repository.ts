import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { parseObjectId } from '../mongo-errors.js';
import { TenantScopedRepository, type Stored, type TenantId, type TenantScope } from '../tenant-scoped.repository.js';
import { ApiKey } from './api-key.schema.js';

/** What an admin may change on a key. */
export type ApiKeyChange = Partial<Pick<ApiKey, 'name' | 'trusted'>>;

export type NewApiKey = Pick<ApiKey, 'channelId' | 'name' | 'secretHash' | 'hint'> &
  Partial<Pick<ApiKey, 'trusted'>> &
  TenantScope & { _id?: ApiKey['_id'] };

@Injectable()
export class ApiKeyRepository extends TenantScopedRepository<ApiKey> {
  constructor(@InjectModel(ApiKey.name) model: Model<ApiKey>) {
    super(model);
  }

  async create(key: NewApiKey): Promise<Stored<ApiKey>> {
    return (await this.model.create(key)).toObject();
  }

  /**
   * Connector requests carry only the key; its id part finds the record, and the caller then checks the secret
   * and that the key belongs to the channel of the route.
   */
  async findActiveForAuthentication(keyId: string): Promise<Stored<ApiKey> | null> {
    const _id = parseObjectId(keyId);
    if (!_id) return null;
    return this.model.findOne({ _id, revokedAt: null }).lean<Stored<ApiKey>>().exec();
  }

  /**
   * Applies the change to a key of the tenant that is not revoked, and answers the key as it was before (the change
   * applied to it is the key as it is now); null when there is no such key.
   */
  async updateActive(tenantId: TenantId, id: string, change: ApiKeyChange): Promise<Stored<ApiKey> | null> {
    const _id = parseObjectId(id);
    if (!_id) return null;
    return this.model
      .findOneAndUpdate(this.scoped({ tenantId, _id, revokedAt: null }), { $set: change }, { returnDocument: 'before' })
      .lean<Stored<ApiKey>>()
      .exec();
  }
}
