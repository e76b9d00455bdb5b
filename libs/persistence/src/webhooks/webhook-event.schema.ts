import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Schema as MongooseSchema, Types } from 'mongoose';
import { WEBHOOK_EVENT_TYPES, type WebhookEventType } from '@app/domain';

/**
 * The outbox: one event for integrations, derived from what the product recorded (an audit record, a new customer)
 * under a deterministic id, so deriving it again stores nothing twice. Subscriptions get its deliveries in
 * `occurredAt` order per customer.
 */
@Schema({ collection: 'webhook_events', minimize: false, versionKey: false })
export class WebhookEvent {
  _id!: Types.ObjectId;

  @Prop({ type: MongooseSchema.Types.ObjectId, required: true })
  tenantId!: Types.ObjectId;

  /** What receivers dedupe on: `<type>:<the operation's id>`. */
  @Prop({ type: String, required: true })
  eventId!: string;

  @Prop({ type: String, required: true, enum: WEBHOOK_EVENT_TYPES })
  type!: WebhookEventType;

  /** The customers it concerns: its deliveries to one subscription go out in order per customer. */
  @Prop({ type: [String], default: [] })
  customerIds!: string[];

  @Prop({ type: MongooseSchema.Types.Mixed, default: {} })
  data!: Record<string, unknown>;

  @Prop({ type: Date, required: true })
  occurredAt!: Date;

  /** When its deliveries were all stored: until then, the feed hands it to the subscriptions again. */
  @Prop({ type: Date })
  fannedOutAt?: Date;
}

export const WebhookEventSchema = SchemaFactory.createForClass(WebhookEvent);
WebhookEventSchema.index({ tenantId: 1, eventId: 1 }, { unique: true });
WebhookEventSchema.index({ tenantId: 1, customerIds: 1, occurredAt: 1 });

/** How far the worker has read a tenant's records into events. */
@Schema({ collection: 'webhook_feeds', versionKey: false })
export class WebhookFeed {
  _id!: Types.ObjectId;

  @Prop({ type: MongooseSchema.Types.ObjectId, required: true })
  tenantId!: Types.ObjectId;

  @Prop({ type: Date, required: true })
  readUntil!: Date;

  /** False while a backlog is read batch by batch: the next pass goes on from `readUntil` without looking back. */
  @Prop({ type: Boolean, default: true })
  caughtUp!: boolean;
}

export const WebhookFeedSchema = SchemaFactory.createForClass(WebhookFeed);
WebhookFeedSchema.index({ tenantId: 1 }, { unique: true });
