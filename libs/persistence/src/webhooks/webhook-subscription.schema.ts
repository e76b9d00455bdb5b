import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Schema as MongooseSchema, Types } from 'mongoose';
import { WEBHOOK_EVENT_TYPES, type WebhookEventType } from '@app/domain';

export const WEBHOOK_SUBSCRIPTION_STATUSES = ['active', 'paused'] as const;
export type WebhookSubscriptionStatus = (typeof WEBHOOK_SUBSCRIPTION_STATUSES)[number];

/**
 * A tenant's integration listening for events at a URL. `paused` after its deliveries kept failing for the pause
 * window (`failingSince` says since when); an admin's resume replays what it missed.
 */
@Schema({ collection: 'webhook_subscriptions', timestamps: true, minimize: false })
export class WebhookSubscription {
  _id!: Types.ObjectId;

  @Prop({ type: MongooseSchema.Types.ObjectId, required: true })
  tenantId!: Types.ObjectId;

  @Prop({ type: String, required: true })
  url!: string;

  @Prop({ type: [String], enum: WEBHOOK_EVENT_TYPES, required: true })
  events!: WebhookEventType[];

  /** Signs every delivery; shown once at creation, never read back by the api. */
  @Prop({ type: String, required: true, select: false })
  secret!: string;

  @Prop({ type: String, required: true, enum: WEBHOOK_SUBSCRIPTION_STATUSES })
  status!: WebhookSubscriptionStatus;

  /** The first failed attempt since the last delivered one. */
  @Prop({ type: Date })
  failingSince?: Date;

  @Prop({ type: Date })
  pausedAt?: Date;

  /** The last resume: deliveries started again after it are new jobs (see WebhookDeliveriesProducer). */
  @Prop({ type: Date })
  resumedAt?: Date;

  createdAt!: Date;
  updatedAt!: Date;
}

export const WebhookSubscriptionSchema = SchemaFactory.createForClass(WebhookSubscription);
WebhookSubscriptionSchema.index({ tenantId: 1, _id: 1 });
WebhookSubscriptionSchema.index({ status: 1, tenantId: 1 });
