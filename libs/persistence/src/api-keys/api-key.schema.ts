import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Schema as MongooseSchema, Types } from 'mongoose';

/** A connector key: shown once, stored as a SHA-256 of its secret part, scoped to one channel. */
@Schema({ collection: 'api_keys', timestamps: true })
export class ApiKey {
  _id!: Types.ObjectId;

  @Prop({ type: MongooseSchema.Types.ObjectId, required: true })
  tenantId!: Types.ObjectId;

  @Prop({ type: MongooseSchema.Types.ObjectId, required: true })
  channelId!: Types.ObjectId;

  @Prop({ required: true, trim: true })
  name!: string;

  @Prop({ required: true })
  secretHash!: string;

  /** The first characters of the key, so admins can tell keys apart. */
  @Prop({ required: true })
  hint!: string;

  @Prop({ type: Date, default: null })
  revokedAt!: Date | null;

  /**
   * The connector authenticates the people it writes for (a signed-in shop account, a verified phone): the addresses
   * it sends may join the customers holding them. Otherwise they are unverified claims (issue 15).
   */
  @Prop({ type: Boolean, default: false })
  trusted!: boolean;

  createdAt!: Date;
  updatedAt!: Date;
}

export const ApiKeySchema = SchemaFactory.createForClass(ApiKey);
ApiKeySchema.index({ tenantId: 1, channelId: 1 });
