import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Schema as MongooseSchema, Types } from 'mongoose';
import type { Loyalty } from '@app/domain';
import { MERGE_STATUSES, type AssetMovePlan, type MergeStatus } from '../merges/merge.schema.js';

/** An undo goes through the states of a merge: `pending` while locking, `refused`, `running`, `done`. */
export const MERGE_UNDO_STATUSES = MERGE_STATUSES;
export type MergeUndoStatus = MergeStatus;

export const MERGE_UNDO_STEPS = [
  'restore-victims',
  'move-identities',
  'move-conversations',
  'move-identifier-owners',
  'move-assets',
  'restore-survivor-fields',
  'separate-customers',
  'release-locks',
] as const;
export type MergeUndoStep = (typeof MERGE_UNDO_STEPS)[number];

/** An identifier a victim held before the merge (its identities' type and address). */
@Schema({ _id: false })
export class VictimIdentifier {
  @Prop({ type: MongooseSchema.Types.ObjectId, required: true })
  victimId!: Types.ObjectId;

  @Prop({ type: String, required: true })
  type!: 'phone' | 'email';

  @Prop({ type: String, required: true })
  value!: string;
}

/** What an undo does, decided once its locks are held and written before anything moves. */
@Schema({ _id: false })
export class MergeUndoIntent {
  /**
   * The identities that go back, per victim (hex id → victim): the victim's own, and those that joined the survivor
   * since through one of the victim's identifiers.
   */
  @Prop({ type: MongooseSchema.Types.Mixed, default: {} })
  identities!: Record<string, string>;

  @Prop({ type: [SchemaFactory.createForClass(VictimIdentifier)], default: [] })
  identifiers!: VictimIdentifier[];

  /** Per victim (hex id), the evidence between it and the survivor before the merge: its kinds are seen. */
  @Prop({ type: MongooseSchema.Types.Mixed, default: {} })
  separation!: Record<string, { rule: string; values: string[]; score: number }[]>;

  /** Per pair of victims (their pair key), the evidence between them before the merge: they are separated too. */
  @Prop({ type: MongooseSchema.Types.Mixed })
  victimSeparation?: Record<string, { rule: string; values: string[]; score: number }[]>;

  /**
   * Per victim (hex id), its activity once back: the latest of its own before the merge and of the conversations it
   * takes back (a message that arrived since on one of them is its activity). Absent on undos planned before it.
   */
  @Prop({ type: MongooseSchema.Types.Mixed })
  lastActiveAt?: Record<string, Date>;

  /** The suggestions the merge superseded (its journal's), when it kept them: none means nothing to reopen. */
  @Prop({ type: [MongooseSchema.Types.ObjectId], default: undefined })
  supersededSuggestionIds?: Types.ObjectId[];

  /** What the merge's `move-assets` step moved (its journal's), absent when it moved no asset. */
  @Prop({ type: MongooseSchema.Types.Mixed })
  assets?: AssetMovePlan;

  /** The survivor, then the victims, as the merge found them (its journal's `before`). */
  @Prop({ type: MongooseSchema.Types.Mixed, default: [] })
  mergedFrom!: Record<string, unknown>[];
}

/**
 * The journal of one merge's undo (DOMAIN §5): the victims come back with what they brought. Intent first, then each
 * idempotent step recorded as it completes, like a merge's; a merge has at most one undo (the merge names it).
 */
@Schema({ collection: 'merge_undos', timestamps: true, minimize: false })
export class MergeUndo {
  _id!: Types.ObjectId;

  @Prop({ type: MongooseSchema.Types.ObjectId, required: true })
  tenantId!: Types.ObjectId;

  @Prop({ type: MongooseSchema.Types.ObjectId, required: true })
  mergeId!: Types.ObjectId;

  @Prop({ type: MongooseSchema.Types.ObjectId, required: true })
  survivorId!: Types.ObjectId;

  @Prop({ type: [MongooseSchema.Types.ObjectId], required: true })
  victimIds!: Types.ObjectId[];

  @Prop({ type: String, required: true })
  actorId!: string;

  /** The acting user's role when it acted, for the audit record. */
  @Prop({ type: String })
  actorRole?: string;

  @Prop({ type: String, required: true, enum: MERGE_UNDO_STATUSES })
  status!: MergeUndoStatus;

  @Prop({ type: [String], default: [] })
  completedSteps!: MergeUndoStep[];

  /** Journaled once the locks are held (absent while `pending`). */
  @Prop({ type: SchemaFactory.createForClass(MergeUndoIntent) })
  intent?: MergeUndoIntent;

  /**
   * The survivor's loyalty standing once the victims took theirs back (`loyaltyAfterUndo`), decided once (with the
   * step before `move-assets`) and journaled before anything is written, so a step run again takes nothing twice;
   * null: the survivor had none before the merge and has nothing left.
   */
  @Prop({ type: MongooseSchema.Types.Mixed })
  loyaltyAfter?: Loyalty | null;

  /** What goes back, counted when the undo was planned. */
  @Prop({ type: MongooseSchema.Types.Mixed, default: {} })
  moved!: Record<string, number>;

  @Prop({ type: Date })
  finishedAt?: Date;

  createdAt!: Date;
  updatedAt!: Date;
}

export const MergeUndoSchema = SchemaFactory.createForClass(MergeUndo);
MergeUndoSchema.index({ tenantId: 1, status: 1 });
/** The resumer's look for journals of every tenant that stopped moving. */
MergeUndoSchema.index({ status: 1, updatedAt: 1 });
MergeUndoSchema.index({ tenantId: 1, mergeId: 1 });
