import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Schema as MongooseSchema, Types } from 'mongoose';
import type {
  DeliveryStatus,
  InboundAttachment,
  InboundChoice,
  InboundEmailDetails,
  InboundLocation,
  InboundReaction,
  InboundSystemNotice,
} from '@app/channels';

/**
 * Where an agent's reply stands as far as we sent it: `queued` until the provider accepts it (`sent`) or refuses it
 * for good (`failed`). What the provider reports afterwards (delivered, read, failed) is in `message_statuses`.
 */
export const REPLY_STATUSES = ['queued', 'sent', 'failed'] as const;
export type ReplyStatus = (typeof REPLY_STATUSES)[number];

/** Why a reply failed, as the provider said it (its code when it gave one). */
export interface ReplyError {
  code?: string;
  message: string;
}

/** A WhatsApp template message: a pre-approved text Meta lets a business send outside the service window. */
export interface ReplyTemplate {
  name: string;
  language: string;
  /** The body's `{{1}}`, `{{2}}`, … in order. */
  parameters: string[];
}

/** A message of a conversation, unique per (channel, provider id) so a redelivery is absorbed. */
@Schema({ collection: 'messages', timestamps: true, minimize: false })
export class Message {
  _id!: Types.ObjectId;

  @Prop({ type: MongooseSchema.Types.ObjectId, required: true })
  tenantId!: Types.ObjectId;

  @Prop({ type: MongooseSchema.Types.ObjectId, required: true })
  conversationId!: Types.ObjectId;

  @Prop({ type: MongooseSchema.Types.ObjectId, required: true })
  channelId!: Types.ObjectId;

  @Prop({ type: String, required: true, enum: ['inbound', 'outbound'] })
  direction!: 'inbound' | 'outbound';

  @Prop({ type: String, required: true })
  externalId!: string;

  /** The provider's time: messages are ordered by it. */
  @Prop({ type: Date, required: true })
  sentAt!: Date;

  @Prop({ type: String, required: true })
  messageType!: string;

  @Prop({ type: String })
  text?: string;

  @Prop({ type: MongooseSchema.Types.Mixed, default: [] })
  attachments!: InboundAttachment[];

  /** The text (or an email's HTML) is cut off at the limit kept; `originalSize` is the longest body's UTF-8 bytes. */
  @Prop({ type: Boolean })
  truncated?: boolean;

  @Prop({ type: Number })
  originalSize?: number;

  @Prop({ type: MongooseSchema.Types.Mixed })
  location?: InboundLocation;

  @Prop({ type: MongooseSchema.Types.Mixed })
  contacts?: unknown[];

  @Prop({ type: MongooseSchema.Types.Mixed })
  reaction?: InboundReaction;

  @Prop({ type: MongooseSchema.Types.Mixed })
  choice?: InboundChoice;

  @Prop({ type: String })
  replyTo?: string;

  @Prop({ type: MongooseSchema.Types.Mixed })
  system?: InboundSystemNotice;

  @Prop({ type: MongooseSchema.Types.Mixed })
  email?: InboundEmailDetails;

  @Prop({ type: MongooseSchema.Types.Mixed })
  providerErrors?: unknown[];

  @Prop({ type: MongooseSchema.Types.Mixed })
  raw?: Record<string, unknown>;

  /** An agent's reply: how far it went (absent on inbound messages and on outbound ones we did not send). */
  @Prop({ type: String, enum: REPLY_STATUSES })
  status?: ReplyStatus;

  @Prop({ type: MongooseSchema.Types.Mixed })
  error?: ReplyError;

  @Prop({ type: MongooseSchema.Types.Mixed })
  template?: ReplyTemplate;

  /** The agent who replied. */
  @Prop({ type: MongooseSchema.Types.ObjectId })
  authorId?: Types.ObjectId;

  createdAt!: Date;
  updatedAt!: Date;
}

export const MessageSchema = SchemaFactory.createForClass(Message);
MessageSchema.index({ tenantId: 1, channelId: 1, externalId: 1 }, { unique: true });
MessageSchema.index({ tenantId: 1, conversationId: 1, sentAt: 1, _id: 1 });
MessageSchema.index({ tenantId: 1, externalId: 1 });

export const STATUS_RANK: Record<DeliveryStatus, number> = { sent: 1, delivered: 2, read: 3, failed: 4 };

/**
 * The latest delivery status of one of our outbound messages. Providers deliver statuses unordered and more than
 * once; the rank only ever rises (sent < delivered < read; failed is final).
 */
@Schema({ collection: 'message_statuses', timestamps: true })
export class MessageStatus {
  _id!: Types.ObjectId;

  @Prop({ type: MongooseSchema.Types.ObjectId, required: true })
  tenantId!: Types.ObjectId;

  @Prop({ type: MongooseSchema.Types.ObjectId, required: true })
  channelId!: Types.ObjectId;

  @Prop({ type: String, required: true })
  externalId!: string;

  @Prop({ type: String, required: true, enum: Object.keys(STATUS_RANK) })
  status!: DeliveryStatus;

  @Prop({ type: Number, required: true })
  rank!: number;

  @Prop({ type: Date, required: true })
  at!: Date;

  @Prop({ type: MongooseSchema.Types.Mixed })
  providerErrors?: unknown[];

  createdAt!: Date;
  updatedAt!: Date;
}

export const MessageStatusSchema = SchemaFactory.createForClass(MessageStatus);
MessageStatusSchema.index({ tenantId: 1, channelId: 1, externalId: 1 }, { unique: true });
