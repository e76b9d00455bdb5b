import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model, Types } from 'mongoose';
import { TenantScopedRepository, type Stored, type TenantId, type TenantScope } from '../tenant-scoped.repository.js';
import { WebhookSubscription } from './webhook-subscription.schema.js';

export type NewWebhookSubscription = Pick<WebhookSubscription, 'url' | 'events' | 'secret'> & TenantScope;

/** A subscription as the api shows it: without its secret. */
export type PublicSubscription = Omit<Stored<WebhookSubscription>, 'secret'>;

@Injectable()
export class WebhookSubscriptionRepository extends TenantScopedRepository<WebhookSubscription> {
  constructor(@InjectModel(WebhookSubscription.name) model: Model<WebhookSubscription>) {
    super(model);
  }

  async create(subscription: NewWebhookSubscription): Promise<PublicSubscription> {
    const created = await this.model.create({ ...subscription, status: 'active' });
    const { secret: _secret, ...withoutSecret } = created.toObject();
    return withoutSecret;
  }

  /** With its secret, for signing a delivery. */
  async findWithSecret(tenantId: TenantId, id: string): Promise<Stored<WebhookSubscription> | null> {
    const found = await this.findById(tenantId, id);
    if (!found) return null;
    return this.model
      .findOne(this.scoped({ tenantId, _id: found._id }))
      .select('+secret')
      .lean<Stored<WebhookSubscription>>()
      .exec();
  }

  async remove(tenantId: TenantId, id: Types.ObjectId): Promise<boolean> {
    const result = await this.model.deleteOne(this.scoped({ tenantId, _id: id })).exec();
    return result.deletedCount > 0;
  }

  /**
   * The tenants with a subscription, for the worker's feed of events. It spans every tenant on purpose: it only
   * names them, and each tenant's records are then read under its own id.
   */
  async tenantsWithSubscriptions(): Promise<Types.ObjectId[]> {
    return this.model.distinct('tenantId').exec();
  }

  /** Notes the first failure since the last success; answers the subscription as it is after. */
  async markFailing(tenantId: TenantId, id: Types.ObjectId, at: Date): Promise<Stored<WebhookSubscription> | null> {
    await this.updateOne({ tenantId, _id: id, failingSince: { $exists: false } }, { $set: { failingSince: at } });
    return this.findOne({ tenantId, _id: id });
  }

  async markSucceeding(tenantId: TenantId, id: Types.ObjectId): Promise<void> {
    await this.updateOne({ tenantId, _id: id, failingSince: { $exists: true } }, { $unset: { failingSince: 1 } });
  }

  /** Active → paused; false when it was not active. */
  async pause(tenantId: TenantId, id: Types.ObjectId, at: Date): Promise<boolean> {
    return this.updateOne({ tenantId, _id: id, status: 'active' }, { $set: { status: 'paused', pausedAt: at } });
  }

  /** Paused → active, its failures forgotten; false when it was not paused. */
  async resume(tenantId: TenantId, id: Types.ObjectId, at: Date): Promise<boolean> {
    return this.updateOne(
      { tenantId, _id: id, status: 'paused' },
      { $set: { status: 'active', resumedAt: at }, $unset: { pausedAt: 1, failingSince: 1 } },
    );
  }
}
