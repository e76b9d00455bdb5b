import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model, Types } from 'mongoose';
import type { WebhookEventDraft } from '@app/domain';
import { isDuplicateKeyError } from '../mongo-errors.js';
import { TenantScopedRepository, type Stored, type TenantId } from '../tenant-scoped.repository.js';
import { WebhookEvent, WebhookFeed } from './webhook-event.schema.js';

@Injectable()
export class WebhookEventRepository extends TenantScopedRepository<WebhookEvent> {
  constructor(
    @InjectModel(WebhookEvent.name) model: Model<WebhookEvent>,
    @InjectModel(WebhookFeed.name) private readonly feeds: Model<WebhookFeed>,
  ) {
    super(model);
  }

  /** Stores the events not stored yet (by event id); answers every one of them, stored before or now. */
  async storeAll(tenantId: TenantId, drafts: WebhookEventDraft[]): Promise<Stored<WebhookEvent>[]> {
    if (drafts.length === 0) return [];
    const eventIds = drafts.map((draft) => draft.eventId);
    const known = new Set((await this.find({ tenantId, eventId: { $in: eventIds } })).map((event) => event.eventId));
    const fresh = drafts.filter((draft) => !known.has(draft.eventId));
    if (fresh.length > 0) {
      try {
        await this.model.insertMany(
          fresh.map((draft) => ({ ...draft, tenantId })),
          { ordered: false },
        );
      } catch (error) {
        // Another feeder stored some of them first: theirs are as good.
        if (!isDuplicateKeyError(error)) throw error;
      }
    }
    return this.find({ tenantId, eventId: { $in: eventIds } }, { sort: { occurredAt: 1, _id: 1 } });
  }

  async findByEventIds(tenantId: TenantId, eventIds: string[]): Promise<Stored<WebhookEvent>[]> {
    if (eventIds.length === 0) return [];
    return this.find({ tenantId, eventId: { $in: eventIds } });
  }

  async findByEventId(tenantId: TenantId, eventId: string): Promise<Stored<WebhookEvent> | null> {
    return this.findOne({ tenantId, eventId });
  }

  /** Events of these customers before `event` (or after it), in order; from `since` on. */
  async sharingCustomers(
    event: Stored<WebhookEvent>,
    direction: 'before' | 'after',
    since: Date,
  ): Promise<Stored<WebhookEvent>[]> {
    const { tenantId, occurredAt, _id } = event;
    const compare = direction === 'before' ? '$lt' : '$gt';
    return this.find(
      {
        tenantId,
        customerIds: { $in: event.customerIds },
        occurredAt: { $gte: since },
        $or: [{ occurredAt: { [compare]: occurredAt } }, { occurredAt, _id: { [compare]: _id } }],
      },
      { sort: { occurredAt: direction === 'before' ? -1 : 1, _id: direction === 'before' ? -1 : 1 } },
    );
  }

  async markFannedOut(tenantId: TenantId, events: Stored<WebhookEvent>[]): Promise<void> {
    if (events.length === 0) return;
    await this.model
      .updateMany(this.scoped({ tenantId, _id: { $in: events.map(({ _id }) => _id) } }), {
        $set: { fannedOutAt: new Date() },
      })
      .exec();
  }

  /** Where the tenant's feed stands, if it has read anything yet. */
  async feedOf(tenantId: Types.ObjectId): Promise<Pick<WebhookFeed, 'readUntil' | 'caughtUp'> | undefined> {
    const feed = await this.feeds.findOne({ tenantId }).lean().exec();
    return feed ? { readUntil: feed.readUntil, caughtUp: feed.caughtUp !== false } : undefined;
  }

  async setFeed(tenantId: Types.ObjectId, readUntil: Date, caughtUp: boolean): Promise<void> {
    await this.feeds.updateOne({ tenantId }, { $set: { readUntil, caughtUp } }, { upsert: true }).exec();
  }
}
