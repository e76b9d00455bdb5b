import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { parseObjectId } from '../mongo-errors.js';
import { TenantScopedRepository, type Stored, type TenantId, type TenantScope } from '../tenant-scoped.repository.js';
import { Channel, type ChannelSecrets } from './channel.schema.js';

export type NewChannel = Pick<Channel, 'kind' | 'name' | 'settings' | 'secrets'> & TenantScope;
export type ChannelWithSecrets = Stored<Channel> & { secrets: ChannelSecrets };

@Injectable()
export class ChannelRepository extends TenantScopedRepository<Channel> {
  constructor(@InjectModel(Channel.name) model: Model<Channel>) {
    super(model);
  }

  async create(channel: NewChannel): Promise<Stored<Channel>> {
    const doc = await this.model.create(channel);
    const { secrets: _secrets, ...withoutSecrets } = doc.toObject();
    return withoutSecrets;
  }

  /** With its secrets, for verifying provider signatures. */
  async findWithSecrets(tenantId: TenantId, id: string): Promise<ChannelWithSecrets | null> {
    const _id = parseObjectId(id);
    if (!_id) return null;
    return this.model.findOne(this.scoped({ tenantId, _id })).select('+secrets').lean<ChannelWithSecrets>().exec();
  }
}
