import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Schema as MongooseSchema, Types } from 'mongoose';

/** The merge an identify call starts once its identifiers moved (the `tombstone` setting), chosen before they move. */
export interface IdentifyMergePlan {
  /** The merge journal's id: a retry finds the journal by it, so the merge starts once. */
  mergeId: Types.ObjectId;
  survivorId: Types.ObjectId;
  victimIds: Types.ObjectId[];
}

/**
 * One identify call of an integration, named by its client `requestId`: claimed before the call changes anything,
 * so a replay (or a retry after a crash) finds it, and holding the answer once given, so a replay answers the same.
 */
@Schema({ collection: 'identify_requests', timestamps: true, minimize: false })
export class IdentifyRequest {
  _id!: Types.ObjectId;

  @Prop({ type: MongooseSchema.Types.ObjectId, required: true })
  tenantId!: Types.ObjectId;

  @Prop({ type: String, required: true })
  requestId!: string;

  /** The id a customer this call creates gets, chosen at the claim, so a retried call creates the same one. */
  @Prop({ type: MongooseSchema.Types.ObjectId, required: true })
  newId!: Types.ObjectId;

  /**
   * The merge to start after the identifier transfer (`IdentifyMergePlan`), all three set at once: after a crash
   * the retry's decision no longer sees the transfer (the values moved already), so what to merge is read from here.
   */
  @Prop({ type: MongooseSchema.Types.ObjectId })
  mergeId?: Types.ObjectId;

  @Prop({ type: MongooseSchema.Types.ObjectId })
  survivorId?: Types.ObjectId;

  @Prop({ type: [MongooseSchema.Types.ObjectId], default: undefined })
  victimIds?: Types.ObjectId[];

  /** The HTTP status and body answered; absent until the call finished. */
  @Prop({ type: Number })
  status?: number;

  @Prop({ type: MongooseSchema.Types.Mixed })
  answer?: Record<string, unknown>;

  createdAt!: Date;
  updatedAt!: Date;
}

export const IdentifyRequestSchema = SchemaFactory.createForClass(IdentifyRequest);
IdentifyRequestSchema.index({ tenantId: 1, requestId: 1 }, { unique: true });
