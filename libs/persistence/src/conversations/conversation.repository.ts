import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model, Types } from 'mongoose';
import { afterKey, toPage, type Page, type PageRequest } from '../pagination.js';
import { TenantScopedRepository, tenantObjectId, type Stored, type TenantId } from '../tenant-scoped.repository.js';
import { Conversation } from './conversation.schema.js';

export interface ConversationActivity {
  /** The id the conversation gets if this call opens it: what tells the caller that it did. */
  id?: Types.ObjectId;
  key: string;
  customerId: Types.ObjectId;
  identityId: Types.ObjectId;
  channelId: Types.ObjectId;
  channelKind: Conversation['channelKind'];
  subject?: string;
  at: Date;
  serviceWindowExpiresAt?: Date;
  /** The customer's address as the provider spelled it in this message (kept as the latest). */
  replyAddress?: string;
}

@Injectable()
export class ConversationRepository extends TenantScopedRepository<Conversation> {
  constructor(@InjectModel(Conversation.name) model: Model<Conversation>) {
    super(model);
  }

  /** The conversation of the key, created on its first message; its last-message time only moves forward. */
  private readonly upserts = this.coalescedUpsert('recordActivity', (conversation) =>
    [conversation.tenantId, conversation.key].map(String).join(' '),
  );

  async recordActivity(tenantId: TenantId, activity: ConversationActivity): Promise<Stored<Conversation>> {
    const { id, key, at, serviceWindowExpiresAt, replyAddress, ...onInsert } = activity;
    return this.upserts.call({
      filter: this.scoped({ tenantId, key }),
      update: {
        $setOnInsert: { ...(id ? { _id: id } : {}), ...onInsert },
        ...(replyAddress ? { $set: { replyAddress } } : {}),
        $max: { lastMessageAt: at, ...(serviceWindowExpiresAt ? { serviceWindowExpiresAt } : {}) },
      },
    });
  }

  private readonly counts = this.coalescedUpdate('countMessage', { upsert: false });

  /** Counts one more message; the counts of concurrent deliveries go in one bulk write. */
  async countMessage(tenantId: TenantId, id: Types.ObjectId): Promise<void> {
    await this.counts.call({ filter: this.scoped({ tenantId, _id: id }), update: { $inc: { messageCount: 1 } } });
  }

  /** Conversations and their messages of these customers, in one aggregation whatever the history. */
  async totalsOfCustomers(
    tenantId: TenantId,
    customerIds: Types.ObjectId[],
  ): Promise<{ conversations: number; messages: number }> {
    const [totals] = await this.model
      .aggregate<{ conversations: number; messages: number }>([
        { $match: this.scoped({ tenantId: tenantObjectId(tenantId), customerId: { $in: customerIds } }) },
        { $group: { _id: null, conversations: { $sum: 1 }, messages: { $sum: '$messageCount' } } },
      ])
      .exec();
    return { conversations: totals?.conversations ?? 0, messages: totals?.messages ?? 0 };
  }

  /** The conversations that came through one identity, their messages and latest one, in one aggregation. */
  async totalsOfIdentity(
    tenantId: TenantId,
    customerId: Types.ObjectId,
    identityId: Types.ObjectId,
  ): Promise<{ conversations: number; messages: number; lastMessageAt?: Date }> {
    const [totals] = await this.model
      .aggregate<{ conversations: number; messages: number; lastMessageAt: Date | null }>([
        { $match: this.scoped({ tenantId: tenantObjectId(tenantId), customerId, identityId }) },
        {
          $group: {
            _id: null,
            conversations: { $sum: 1 },
            messages: { $sum: '$messageCount' },
            lastMessageAt: { $max: '$lastMessageAt' },
          },
        },
      ])
      .exec();
    return {
      conversations: totals?.conversations ?? 0,
      messages: totals?.messages ?? 0,
      ...(totals?.lastMessageAt ? { lastMessageAt: totals.lastMessageAt } : {}),
    };
  }

  /**
   * The conversations of the customer that came through these identities, their messages, and the latest message of
   * each identity's (hex id → date), in one aggregation.
   */
  async totalsOfIdentities(
    tenantId: TenantId,
    customerId: Types.ObjectId,
    identityIds: Types.ObjectId[],
  ): Promise<{ conversations: number; messages: number; lastMessageAt: Record<string, Date> }> {
    const perIdentity = await this.model
      .aggregate<{ _id: Types.ObjectId; conversations: number; messages: number; lastMessageAt: Date }>([
        { $match: this.scoped({ tenantId: tenantObjectId(tenantId), customerId, identityId: { $in: identityIds } }) },
        {
          $group: {
            _id: '$identityId',
            conversations: { $sum: 1 },
            messages: { $sum: '$messageCount' },
            lastMessageAt: { $max: '$lastMessageAt' },
          },
        },
      ])
      .exec();
    return {
      conversations: perIdentity.reduce((sum, totals) => sum + totals.conversations, 0),
      messages: perIdentity.reduce((sum, totals) => sum + totals.messages, 0),
      lastMessageAt: Object.fromEntries(perIdentity.map((totals) => [totals._id.toHexString(), totals.lastMessageAt])),
    };
  }

  /** The customer's conversations, latest message first. */
  async pageOfCustomer(
    tenantId: TenantId,
    customerId: Types.ObjectId,
    page: PageRequest,
  ): Promise<Page<Stored<Conversation>>> {
    const rows = await this.model
      .find(
        this.scoped({
          tenantId,
          customerId,
          ...(page.after ? { $and: [afterKey(page.after, -1, 'lastMessageAt')] } : {}),
        }),
      )
      .sort({ lastMessageAt: -1, _id: -1 })
      .limit(page.limit + 1)
      .lean<Stored<Conversation>[]>()
      .exec();
    return toPage(rows, page.limit, (conversation) => ({ at: conversation.lastMessageAt, id: conversation._id }));
  }

  /** How many conversations each of these customers has, by customer id (hex); absent means none. */
  countByCustomer(tenantId: TenantId, customerIds: Types.ObjectId[]): Promise<Map<string, number>> {
    return this.countBy(tenantId, 'customerId', customerIds);
  }

  /** How many conversations each of these identities has, by identity id (hex); absent means none. */
  countByIdentity(tenantId: TenantId, identityIds: Types.ObjectId[]): Promise<Map<string, number>> {
    return this.countBy(tenantId, 'identityId', identityIds);
  }

  /**
   * Counted from an indexed `find` of the ids alone (`{ tenantId, customerId, … }`, `{ tenantId, identityId }`):
   * mongo-java-server answers an aggregation's leading `$match` by scanning the collection (tens of ms a call at
   * 10,000 customers, growing with the tenant), where a `find` uses the index on both engines.
   */
  private async countBy(
    tenantId: TenantId,
    field: 'customerId' | 'identityId',
    ids: Types.ObjectId[],
  ): Promise<Map<string, number>> {
    if (ids.length === 0) return new Map();
    const rows = await this.model
      .find(this.scoped({ tenantId, [field]: { $in: ids } }), { _id: 0, [field]: 1 })
      .lean<Pick<Conversation, typeof field>[]>()
      .exec();
    const counts = new Map<string, number>();
    for (const row of rows) {
      const key = row[field].toHexString();
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    return counts;
  }
}
