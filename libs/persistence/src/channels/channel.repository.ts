import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model, Types } from 'mongoose';
import { parseObjectId } from '../mongo-errors.js';
import { TenantScopedRepository, type Stored, type TenantId, type TenantScope } from '../tenant-scoped.repository.js';
import { Channel, type ChannelSecrets } from './channel.schema.js';

export type NewChannel = Pick<Channel, 'kind' | 'name' | 'settings' | 'secrets'> & TenantScope;
export type ChannelChange = Partial<Pick<Channel, 'name' | 'settings' | 'secrets'>>;
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

  /** A channel with its secrets, for an admin's change: the secrets are merged with the new ones, never returned. */
  async findWithSecrets(tenantId: TenantId, id: string): Promise<ChannelWithSecrets | null> {
    const _id = parseObjectId(id);
    if (!_id) return null;
    return this.model.findOne(this.scoped({ tenantId, _id })).select('+secrets').lean<ChannelWithSecrets>().exec();
  }

  /** Replaces what `change` names; answers the channel after, without its secrets. */
  update(tenantId: TenantId, id: Types.ObjectId, change: ChannelChange): Promise<Stored<Channel> | null> {
    return this.model
      .findOneAndUpdate(this.scoped({ tenantId, _id: id }), { $set: change }, { returnDocument: 'after' })
      .lean<Stored<Channel>>()
      .exec();
  }

  /**
   * Unscoped on purpose, the one exception for provider webhooks: their URL carries only the channel id, and the
   * channel is what names the tenant. Nothing in the request may be trusted until it is verified with these secrets.
   */
  async findWithSecretsForIngress(id: string): Promise<ChannelWithSecrets | null> {
    const _id = parseObjectId(id);
    if (!_id) return null;
    return this.model.findOne({ _id }).select('+secrets').lean<ChannelWithSecrets>().exec();
  }

  /**
   * Unscoped for the same reason: an SMTP recipient is what names the tenant. Each of `addresses` (lower case, as
   * stored) that an email channel lists, with the oldest channel listing it, in the order of `addresses`.
   */
  async findEmailChannelsByAddress(addresses: string[]): Promise<Map<string, Stored<Channel>>> {
    const channels = await this.model
      .find({ kind: 'email', 'settings.addresses': { $in: addresses } })
      .sort({ _id: 1 })
      .limit(10)
      .lean<Stored<Channel>[]>()
      .exec();
    const byAddress = new Map<string, Stored<Channel>>();
    for (const address of addresses) {
      const holder = channels.find((channel) => channel.settings.addresses?.includes(address));
      if (holder) byAddress.set(address, holder);
    }
    return byAddress;
  }
}
