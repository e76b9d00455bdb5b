import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model, Types } from 'mongoose';
import type { DeliveryStatus } from '@app/channels';
import { isDuplicateKeyError } from '../mongo-errors.js';
import { afterKey, toPage, type Page, type PageRequest, type SortDirection } from '../pagination.js';
import { TenantScopedRepository, type Stored, type TenantId, type TenantScope } from '../tenant-scoped.repository.js';
import { Message, MessageStatus, STATUS_RANK, type ReplyError } from './message.schema.js';

export type NewMessage = Omit<Message, '_id' | 'tenantId' | 'createdAt' | 'updatedAt'> & TenantScope;

/** A message as lists show it: without the provider's raw payload, errors and the email's HTML. */
export type MessageListing = Omit<Stored<Message>, 'raw' | 'providerErrors'>;

@Injectable()
export class MessageRepository extends TenantScopedRepository<Message> {
  constructor(@InjectModel(Message.name) model: Model<Message>) {
    super(model);
  }

  /** Stores the message; `undefined` when the channel already has a message with this provider id. */
  private readonly inserts = this.coalescedInsert<NewMessage>('insert');

  /** Stores the message, or answers undefined when its provider id is known already (a redelivery). */
  insertUnlessKnown(message: NewMessage): Promise<Stored<Message> | undefined> {
    return this.inserts.call(message);
  }

  /** Stores an agent's reply, `queued`; its id is chosen by the caller, so the delivery can name it. */
  async insertReply(message: NewMessage & { _id: Types.ObjectId }): Promise<Stored<Message>> {
    return (await this.model.create({ ...message, status: 'queued' })).toObject();
  }

  /**
   * The provider took the reply: it is `sent`, under the provider's id when it gave one (the id its status reports
   * name). False when it was no longer queued.
   */
  async markSent(tenantId: TenantId, id: Types.ObjectId, providerId?: string): Promise<boolean> {
    return this.updateOne(
      { tenantId, _id: id, status: 'queued' },
      { $set: { status: 'sent', ...(providerId ? { externalId: providerId } : {}) } },
    );
  }

  /** The provider refused the reply for good, or it could not be sent. False when it was no longer queued. */
  async markFailed(tenantId: TenantId, id: Types.ObjectId, error: ReplyError): Promise<boolean> {
    return this.updateOne({ tenantId, _id: id, status: 'queued' }, { $set: { status: 'failed', error } });
  }

  /** The customer's latest message in a conversation: what an email reply threads under. */
  async latestInbound(tenantId: TenantId, conversationId: Types.ObjectId): Promise<Stored<Message> | null> {
    return (
      (await this.model
        .findOne(this.scoped({ tenantId, conversationId, direction: 'inbound' }))
        .sort({ sentAt: -1, _id: -1 })
        .lean<Stored<Message>>()
        .exec()) ?? null
    );
  }

  /** The message a provider's id names on one channel (where a delivery status belongs). */
  async findByExternalId(
    tenantId: TenantId,
    channelId: Types.ObjectId,
    externalId: string,
  ): Promise<Stored<Message> | null> {
    return this.findOne({ tenantId, channelId, externalId });
  }

  /** The conversations holding any of these provider ids (email Message-IDs), as `externalId → conversationId`. */
  async conversationsOf(tenantId: TenantId, externalIds: string[]): Promise<Map<string, Types.ObjectId>> {
    if (externalIds.length === 0) return new Map();
    const found = await this.model
      .find(this.scoped({ tenantId, externalId: { $in: externalIds } }), { externalId: 1, conversationId: 1 })
      .lean<Pick<Message, 'externalId' | 'conversationId'>[]>()
      .exec();
    return new Map(found.map((message) => [message.externalId, message.conversationId]));
  }

  /** The messages of a conversation in provider time (`sentAt`, then id) in the given direction. */
  async pageOfConversation(
    tenantId: TenantId,
    conversationId: Types.ObjectId,
    direction: SortDirection,
    page: PageRequest,
  ): Promise<Page<MessageListing>> {
    const rows = await this.model
      .find(
        this.scoped({
          tenantId,
          conversationId,
          ...(page.after ? { $and: [afterKey(page.after, direction, 'sentAt')] } : {}),
        }),
        { raw: 0, providerErrors: 0, 'email.html': 0 },
      )
      .sort({ sentAt: direction, _id: direction })
      .limit(page.limit + 1)
      .lean<MessageListing[]>()
      .exec();
    return toPage(rows, page.limit, (message) => ({ at: message.sentAt, id: message._id }));
  }
}

@Injectable()
export class MessageStatusRepository extends TenantScopedRepository<MessageStatus> {
  constructor(@InjectModel(MessageStatus.name) model: Model<MessageStatus>) {
    super(model);
  }

  /** The latest known status of each of these outbound messages of one channel (one query), by provider id. */
  async latestOf(
    tenantId: TenantId,
    channelId: Types.ObjectId,
    externalIds: string[],
  ): Promise<Map<string, DeliveryStatus>> {
    if (externalIds.length === 0) return new Map();
    const found = await this.model
      .find(this.scoped({ tenantId, channelId, externalId: { $in: externalIds } }), { externalId: 1, status: 1 })
      .lean<Pick<MessageStatus, 'externalId' | 'status'>[]>()
      .exec();
    return new Map(found.map((status) => [status.externalId, status.status]));
  }

  /**
   * Records the status unless a later one is known. The filter only matches a lower rank; when the stored rank is
   * higher or equal, the upsert collides with the unique key and the older status is dropped.
   */
  async advance(
    tenantId: TenantId,
    status: {
      channelId: Types.ObjectId;
      externalId: string;
      status: DeliveryStatus;
      at: Date;
      providerErrors?: unknown[];
    },
  ): Promise<boolean> {
    const rank = STATUS_RANK[status.status];
    try {
      const result = await this.model
        .updateOne(
          this.scoped({ tenantId, channelId: status.channelId, externalId: status.externalId, rank: { $lt: rank } }),
          {
            $set: {
              status: status.status,
              rank,
              at: status.at,
              ...(status.providerErrors ? { providerErrors: status.providerErrors } : {}),
            },
          },
          { upsert: true },
        )
        .exec();
      return result.modifiedCount + result.upsertedCount > 0;
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }
}
