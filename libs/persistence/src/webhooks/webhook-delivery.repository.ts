import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model, Types } from 'mongoose';
import { Delivery } from '../deliveries/delivery.schema.js';
import { isDuplicateKeyError } from '../mongo-errors.js';
import { afterKey, toPage, type Page, type PageRequest } from '../pagination.js';
import { TenantScopedRepository, type Stored, type TenantId } from '../tenant-scoped.repository.js';

/** The webhook side of the `deliveries` collection: a subscription's deliveries, held back or paused and resumed. */
@Injectable()
export class WebhookDeliveryRepository extends TenantScopedRepository<Delivery> {
  constructor(@InjectModel(Delivery.name) model: Model<Delivery>) {
    super(model);
  }

  /**
   * Stores the subscription's pending delivery of each event not stored yet, in one write; answers the delivery of
   * every event, stored before or now, by event id.
   */
  async storeAll(
    tenantId: TenantId,
    subscriptionId: string,
    eventIds: string[],
  ): Promise<Map<string, Stored<Delivery>>> {
    const query = { tenantId, kind: 'webhook' as const, subjectId: subscriptionId, eventId: { $in: eventIds } };
    const known = new Set((await this.find(query)).map((delivery) => delivery.eventId));
    const fresh = eventIds.filter((eventId) => !known.has(eventId));
    if (fresh.length > 0) {
      try {
        await this.model.insertMany(
          fresh.map((eventId) => ({
            tenantId,
            kind: 'webhook',
            subjectId: subscriptionId,
            eventId,
            status: 'pending',
            attempts: [],
          })),
          { ordered: false },
        );
      } catch (error) {
        // Another feeder stored some of them first: one delivery per event all the same.
        if (!isDuplicateKeyError(error)) throw error;
      }
    }
    return new Map((await this.find(query)).map((delivery) => [delivery.eventId!, delivery]));
  }

  /** The subscription's deliveries still to be delivered, but those of `exceptEventIds`. */
  async unfinishedExcept(
    tenantId: TenantId,
    subscriptionId: string,
    exceptEventIds: string[],
  ): Promise<Stored<Delivery>[]> {
    return this.find({
      tenantId,
      kind: 'webhook',
      subjectId: subscriptionId,
      eventId: { $nin: exceptEventIds },
      status: { $in: ['pending', 'paused'] },
    });
  }

  /** Pending → paused (its subscription is paused); false when it was not pending. */
  async pause(tenantId: TenantId, id: Types.ObjectId): Promise<boolean> {
    return this.updateOne({ tenantId, _id: id, status: 'pending' }, { $set: { status: 'paused' } });
  }

  /** The subscription's paused deliveries pending again; answers them. */
  async unpause(tenantId: TenantId, subscriptionId: string): Promise<Stored<Delivery>[]> {
    const paused = await this.find({ tenantId, kind: 'webhook', subjectId: subscriptionId, status: 'paused' });
    if (paused.length === 0) return [];
    await this.model
      .updateMany(this.scoped({ tenantId, _id: { $in: paused.map(({ _id }) => _id) }, status: 'paused' }), {
        $set: { status: 'pending' },
      })
      .exec();
    return paused.map((delivery) => ({ ...delivery, status: 'pending' }));
  }

  /** Those of these events not delivered nor failed yet for the subscription. */
  async unfinished(tenantId: TenantId, subscriptionId: string, eventIds: string[]): Promise<Stored<Delivery>[]> {
    if (eventIds.length === 0) return [];
    return this.find({
      tenantId,
      kind: 'webhook',
      subjectId: subscriptionId,
      eventId: { $in: eventIds },
      status: { $in: ['pending', 'paused'] },
    });
  }

  /** The subscription's delivery log, newest first. */
  async log(tenantId: TenantId, subscriptionId: string, page: PageRequest): Promise<Page<Stored<Delivery>>> {
    const rows = await this.find(
      {
        tenantId,
        kind: 'webhook',
        subjectId: subscriptionId,
        ...(page.after ? afterKey(page.after, -1) : {}),
      },
      { sort: { _id: -1 }, limit: page.limit + 1 },
    );
    return toPage(rows, page.limit, (delivery) => ({ id: delivery._id }));
  }

  /** A deleted subscription's log goes with it. */
  async removeOf(tenantId: TenantId, subscriptionId: string): Promise<void> {
    await this.model.deleteMany(this.scoped({ tenantId, kind: 'webhook', subjectId: subscriptionId })).exec();
  }
}
