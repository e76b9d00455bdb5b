import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model, Types } from 'mongoose';
import { isDuplicateKeyError } from '../mongo-errors.js';
import { TenantScopedRepository, type Stored, type TenantId, type TenantScope } from '../tenant-scoped.repository.js';
import { Delivery, type DeliveryAttempt, type DeliveryKind } from './delivery.schema.js';

export type NewDelivery = Pick<Delivery, 'kind' | 'subjectId' | 'eventId'> & TenantScope;

/** How an attempt ended for the delivery: still going, or over. */
export type AttemptVerdict =
  { status: 'pending' } | { status: 'delivered'; providerId?: string } | { status: 'failed'; reason: string };

@Injectable()
export class DeliveryRepository extends TenantScopedRepository<Delivery> {
  constructor(@InjectModel(Delivery.name) model: Model<Delivery>) {
    super(model);
  }

  /** Stores a pending delivery, or answers the one stored for the same subject and event (`created` false). */
  async createOrFind(delivery: NewDelivery): Promise<{ delivery: Stored<Delivery>; created: boolean }> {
    try {
      const created = await this.model.create({ ...delivery, status: 'pending', attempts: [] });
      return { delivery: created.toObject(), created: true };
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      const stored = await this.findOne({
        tenantId: delivery.tenantId,
        kind: delivery.kind,
        subjectId: delivery.subjectId,
        eventId: delivery.eventId ?? null,
      });
      if (!stored) throw error;
      return { delivery: stored, created: false };
    }
  }

  /**
   * Appends an attempt to the log of a pending delivery and sets where it stands; false when it was no longer pending
   * (another run recorded its end first, or its owner paused it).
   */
  async recordAttempt(
    tenantId: TenantId,
    id: Types.ObjectId,
    attempt: DeliveryAttempt,
    verdict: AttemptVerdict,
  ): Promise<boolean> {
    const set: Partial<Delivery> = { status: verdict.status };
    if (verdict.status === 'delivered' && verdict.providerId) set.providerId = verdict.providerId;
    if (verdict.status === 'failed') set.failureReason = verdict.reason;
    return this.updateOne({ tenantId, _id: id, status: 'pending' }, { $push: { attempts: attempt }, $set: set });
  }

  /**
   * Pending deliveries of every tenant that have not moved since `before` and whose next attempt, if one is
   * scheduled, was due before then too: their job is gone (an enqueue that failed, a job out of attempts), the
   * oldest first. A delivery waiting out a long backoff is not among them.
   */
  findStalledOfAllTenants(before: Date, limit: number): Promise<Stored<Delivery>[]> {
    return this.model
      .find({ status: 'pending', updatedAt: { $lt: before } })
      .sort({ updatedAt: 1 })
      .limit(limit)
      .lean<Stored<Delivery>[]>()
      .exec()
      .then((found) =>
        found.filter((delivery) => (delivery.attempts.at(-1)?.nextAttemptAt?.getTime() ?? 0) < before.getTime()),
      );
  }

  /** The deliveries of one subject, newest first (a message's delivery, a subscription's log). */
  async ofSubject(tenantId: TenantId, kind: DeliveryKind, subjectId: string, limit = 50): Promise<Stored<Delivery>[]> {
    return this.find({ tenantId, kind, subjectId }, { sort: { _id: -1 }, limit });
  }
}
