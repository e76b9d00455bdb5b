import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Schema as MongooseSchema, Types } from 'mongoose';
import { CHANNEL_KINDS, type ChannelKind } from '@app/domain';

/**
 * A thread with one identity on one channel. Its `key` says what makes it one thread: WhatsApp per (channel,
 * identity), SMS per (our number, their number), email per thread root, connectors per thread hint.
 */
@Schema({ collection: 'conversations', timestamps: true, minimize: false })
export class Conversation {
  _id!: Types.ObjectId;

  @Prop({ type: MongooseSchema.Types.ObjectId, required: true })
  tenantId!: Types.ObjectId;

  @Prop({ type: MongooseSchema.Types.ObjectId, required: true })
  customerId!: Types.ObjectId;

  @Prop({ type: MongooseSchema.Types.ObjectId, required: true })
  identityId!: Types.ObjectId;

  @Prop({ type: MongooseSchema.Types.ObjectId, required: true })
  channelId!: Types.ObjectId;

  @Prop({ type: String, required: true, enum: CHANNEL_KINDS })
  channelKind!: ChannelKind;

  @Prop({ type: String, required: true })
  key!: string;

  @Prop({ type: String })
  subject?: string;

  @Prop({ type: Date, required: true })
  lastMessageAt!: Date;

  /**
   * Raised once per stored message (after its insert, which the provider id makes unique), so merge previews count
   * messages without reading them. A crash between the two writes leaves it one short; it is a figure for people.
   */
  @Prop({ type: Number, default: 0 })
  messageCount!: number;

  /** WhatsApp: free-form replies are allowed until 24 hours after the customer's last message. */
  @Prop({ type: Date })
  serviceWindowExpiresAt?: Date;

  /**
   * Where replies go, as the provider spelled the customer's address: the WhatsApp `wa_id` exactly as received (a
   * Brazilian number registered before 2016 lacks the 9 that the identity's normalized form has), the SMS `From`.
   */
  @Prop({ type: String })
  replyAddress?: string;

  createdAt!: Date;
  updatedAt!: Date;
}

export const ConversationSchema = SchemaFactory.createForClass(Conversation);
ConversationSchema.index({ tenantId: 1, key: 1 }, { unique: true });
ConversationSchema.index({ tenantId: 1, customerId: 1, lastMessageAt: -1, _id: -1 });
ConversationSchema.index({ tenantId: 1, identityId: 1 });
