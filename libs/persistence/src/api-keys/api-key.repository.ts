import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { parseObjectId } from '../mongo-errors.js';
import { TenantScopedRepository, type Stored, type TenantScope } from '../tenant-scoped.repository.js';
import { ApiKey } from './api-key.schema.js';

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
}
