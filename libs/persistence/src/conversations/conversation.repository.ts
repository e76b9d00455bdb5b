import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model, Types } from 'mongoose';
import { isDuplicateKeyError } from '../mongo-errors.js';
import { TenantScopedRepository, type Stored, type TenantId } from '../tenant-scoped.repository.js';
import { Conversation } from './conversation.schema.js';

export interface ConversationActivity {
  key: string;
  customerId: Types.ObjectId;
  identityId: Types.ObjectId;
  channelId: Types.ObjectId;
  channelKind: Conversation['channelKind'];
  subject?: string;
  at: Date;
  serviceWindowExpiresAt?: Date;
}

@Injectable()
export class ConversationRepository extends TenantScopedRepository<Conversation> {
  constructor(@InjectModel(Conversation.name) model: Model<Conversation>) {
    super(model);
  }

  /** The conversation of the key, created on its first message; its last-message time only moves forward. */
  async recordActivity(tenantId: TenantId, activity: ConversationActivity): Promise<Stored<Conversation>> {
    const { key, at, serviceWindowExpiresAt, ...onInsert } = activity;
    const update = {
      $setOnInsert: onInsert,
      $max: { lastMessageAt: at, ...(serviceWindowExpiresAt ? { serviceWindowExpiresAt } : {}) },
    };
    const filter = this.scoped({ tenantId, key });
    const upsert = () =>
      this.model
        .findOneAndUpdate(filter, update, { upsert: true, returnDocument: 'after' })
        .lean<Stored<Conversation>>()
        .exec();
    try {
      return await upsert();
    } catch (error) {
      // A concurrent first message created it: the retry finds and updates it.
      if (!isDuplicateKeyError(error)) throw error;
      return upsert();
    }
  }

  findOfIdentity(tenantId: TenantId, id: Types.ObjectId, identityId: Types.ObjectId) {
    return this.findOne({ tenantId, _id: id, identityId });
  }
}
