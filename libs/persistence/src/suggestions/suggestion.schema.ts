import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Schema as MongooseSchema, Types } from 'mongoose';
import { SUGGESTION_STATUSES, type MergeBlock, type SuggestionStatus } from '@app/domain';

@Schema({ _id: false })
export class SuggestionEvidenceDocument {
  @Prop({ type: String, required: true })
  rule!: string;

  @Prop({ type: [String], required: true })
  values!: string[];

  @Prop({ type: Number, required: true })
  score!: number;
}

@Schema({ _id: false })
export class SuggestionHistoryEntry {
  @Prop({ type: Date, required: true })
  at!: Date;

  @Prop({ type: String, required: true, enum: SUGGESTION_STATUSES })
  status!: SuggestionStatus;

  /** Who decided (user id) or what did (`worker`). */
  @Prop({ type: String, required: true })
  by!: string;

  @Prop({ type: String })
  reason?: string;
}

/** A proposed merge of two customers: one per unordered pair, enforced by the unique `pairKey`. */
@Schema({ collection: 'suggestions', timestamps: true, minimize: false })
export class Suggestion {
  _id!: Types.ObjectId;

  @Prop({ type: MongooseSchema.Types.ObjectId, required: true })
  tenantId!: Types.ObjectId;

  @Prop({ type: String, required: true })
  pairKey!: string;

  /** Sorted, as in `pairKey`. */
  @Prop({ type: [MongooseSchema.Types.ObjectId], required: true })
  customerIds!: Types.ObjectId[];

  /** The customer whose change found the match. */
  @Prop({ type: MongooseSchema.Types.ObjectId })
  openedFrom?: Types.ObjectId;

  @Prop({ type: String, required: true, enum: SUGGESTION_STATUSES })
  status!: SuggestionStatus;

  @Prop({ type: [SchemaFactory.createForClass(SuggestionEvidenceDocument)], default: [] })
  evidence!: SuggestionEvidenceDocument[];

  @Prop({ type: Number, required: true })
  score!: number;

  /** Every rule that has ever matched this pair: a rejected pair comes back only for a rule not in here. */
  @Prop({ type: [String], default: [] })
  seenRules!: string[];

  /** The guards' explanations while `blocked`. */
  @Prop({ type: MongooseSchema.Types.Mixed, default: [] })
  blocks!: MergeBlock[];

  @Prop({ type: MongooseSchema.Types.ObjectId })
  mergeId?: Types.ObjectId;

  /** While `superseded` by a merge of one of its customers: that merge, whose undo reopens the suggestion. */
  @Prop({ type: MongooseSchema.Types.ObjectId })
  supersededBy?: Types.ObjectId;

  @Prop({ type: [SchemaFactory.createForClass(SuggestionHistoryEntry)], default: [] })
  history!: SuggestionHistoryEntry[];

  createdAt!: Date;
  updatedAt!: Date;
}

export const SuggestionSchema = SchemaFactory.createForClass(Suggestion);
SuggestionSchema.index({ tenantId: 1, pairKey: 1 }, { unique: true });
SuggestionSchema.index({ tenantId: 1, status: 1, updatedAt: 1, _id: 1 });
// The inbox's order (best match first), per status; a catch-up without status reads by change time alone.
SuggestionSchema.index({ tenantId: 1, status: 1, score: -1, _id: -1 });
SuggestionSchema.index({ tenantId: 1, updatedAt: 1, _id: 1 });
SuggestionSchema.index({ tenantId: 1, customerIds: 1 });
// The standing suggestions resting on a value that has since become shared (a switchboard), to withdraw them.
SuggestionSchema.index({ tenantId: 1, 'evidence.values': 1 });
