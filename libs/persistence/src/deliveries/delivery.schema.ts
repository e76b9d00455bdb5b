import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Schema as MongooseSchema, Types } from 'mongoose';

/** What is delivered: an agent's reply to a provider, or an event to a webhook subscriber. */
export const DELIVERY_KINDS = ['reply', 'webhook'] as const;
export type DeliveryKind = (typeof DELIVERY_KINDS)[number];

/** `pending` while attempts go on; `delivered` and `failed` are final; `paused` waits for its owner (webhooks). */
export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed', 'paused'] as const;
export type DeliveryRecordStatus = (typeof DELIVERY_STATUSES)[number];

/** One attempt, as the delivery log shows it. */
@Schema({ _id: false })
export class DeliveryAttempt {
  @Prop({ type: Date, required: true })
  at!: Date;

  @Prop({ type: Number })
  statusCode?: number;

  @Prop({ type: Number, required: true })
  latencyMs!: number;

  @Prop({ type: String })
  error?: string;

  /** The provider's own code for the error, when it gave one. */
  @Prop({ type: String })
  errorCode?: string;

  /** When the next attempt is due, if this one is to be tried again. */
  @Prop({ type: Date })
  nextAttemptAt?: Date;
}

const DeliveryAttemptSchema = SchemaFactory.createForClass(DeliveryAttempt);

/**
 * One thing to hand to the outside world, tried until it is delivered or cannot be: its attempts are its log. One per
 * (kind, subject, event) by a unique index, so asking twice starts it once.
 */
@Schema({ collection: 'deliveries', timestamps: true, minimize: false })
export class Delivery {
  _id!: Types.ObjectId;

  @Prop({ type: MongooseSchema.Types.ObjectId, required: true })
  tenantId!: Types.ObjectId;

  @Prop({ type: String, required: true, enum: DELIVERY_KINDS })
  kind!: DeliveryKind;

  /** The message replied with, or the webhook subscription. */
  @Prop({ type: String, required: true })
  subjectId!: string;

  /** The event a webhook delivery carries (none for a reply: the message is its subject). */
  @Prop({ type: String })
  eventId?: string;

  @Prop({ type: String, required: true, enum: DELIVERY_STATUSES })
  status!: DeliveryRecordStatus;

  @Prop({ type: [DeliveryAttemptSchema], default: [] })
  attempts!: DeliveryAttempt[];

  /** The provider's id for what it accepted (a WhatsApp wamid, a Twilio SID, an email Message-ID). */
  @Prop({ type: String })
  providerId?: string;

  /** Why a failed delivery failed, in the provider's words. */
  @Prop({ type: String })
  failureReason?: string;

  createdAt!: Date;
  updatedAt!: Date;
}

export const DeliverySchema = SchemaFactory.createForClass(Delivery);
DeliverySchema.index({ tenantId: 1, kind: 1, subjectId: 1, eventId: 1 }, { unique: true });
DeliverySchema.index({ tenantId: 1, kind: 1, status: 1, updatedAt: 1 });
/** The resumer's look, in every tenant, for pending deliveries that stopped moving. */
DeliverySchema.index({ status: 1, updatedAt: 1 });
