import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Schema as MongooseSchema, Types } from 'mongoose';
import { MERGE_TRIGGERS, type Loyalty, type MergedFields, type MergeTrigger } from '@app/domain';

/** `pending` while its locks are taken; `refused` when another merge held them; `running` until every step is done. */
export const MERGE_STATUSES = ['pending', 'refused', 'running', 'done'] as const;
export type MergeStatus = (typeof MERGE_STATUSES)[number];

export const MERGE_STEPS = [
  'move-identities',
  'move-conversations',
  'move-identifier-owners',
  'update-survivor',
  'tombstone-victims',
  'move-assets',
  'settle-suggestions',
  'release-locks',
] as const;
export type MergeStep = (typeof MERGE_STEPS)[number];

/**
 * What the merge's `move-assets` step does, decided from the assets as they were once the victims were tombstones
 * (no write reaches a victim after that) and journaled before anything moves, so a step run again after a crash
 * writes the same standings instead of adding the victims' points twice. Undo gives back from it.
 */
export interface AssetMovePlan {
  /**
   * The victims (hex ids) holding records other than their loyalty standing: those re-pointed to the survivor. Read
   * as possibly absent, like `victimLoyalty`: a copy in an undo's intent keeps no empty list or map.
   */
  holders?: string[];
  /** The victims' standings (hex id → standing) the survivor's takes in, each removed from its victim. */
  victimLoyalty?: Record<string, Loyalty>;
  /** The survivor's own standing before (absent: it had none). */
  survivorLoyalty?: Loyalty;
  /** The survivor's standing after (by `mergeLoyalty`); absent when no victim brought one. */
  loyaltyAfter?: Loyalty;
}

/**
 * The journal of one merge: its intent (survivor, victims, resulting fields) is written before anything moves,
 * then each idempotent step is recorded as it completes, so a worker that dies half-way is followed by one that
 * finishes the same steps — MongoDB transactions are not available everywhere we run.
 */
@Schema({ collection: 'merges', timestamps: true, minimize: false })
export class Merge {
  _id!: Types.ObjectId;

  @Prop({ type: MongooseSchema.Types.ObjectId, required: true })
  tenantId!: Types.ObjectId;

  @Prop({ type: MongooseSchema.Types.ObjectId, required: true })
  survivorId!: Types.ObjectId;

  @Prop({ type: [MongooseSchema.Types.ObjectId], required: true })
  victimIds!: Types.ObjectId[];

  @Prop({ type: String, required: true })
  actorId!: string;

  /** The acting user's role when it acted, for the audit record. */
  @Prop({ type: String })
  actorRole?: string;

  /** `connector`: an integration's connector key (`actorId` is the key's id) started it; absent: a user. */
  @Prop({ type: String, enum: ['user', 'connector'] })
  actorKind?: 'user' | 'connector';

  @Prop({ type: String, required: true, enum: MERGE_TRIGGERS })
  trigger!: MergeTrigger;

  @Prop({ type: MongooseSchema.Types.ObjectId })
  suggestionId?: Types.ObjectId;

  @Prop({ type: String, required: true, enum: MERGE_STATUSES })
  status!: MergeStatus;

  @Prop({ type: [String], default: [] })
  completedSteps!: MergeStep[];

  /** Journaled with the plan, once the locks are held (absent while `pending`). */
  @Prop({ type: MongooseSchema.Types.Mixed })
  result!: MergedFields;

  /** The agent's per-field choices (field → customer id whose value wins). */
  @Prop({ type: MongooseSchema.Types.Mixed, default: {} })
  picks!: Record<string, string>;

  /** The customers as they were before the merge, for undo and audit. */
  @Prop({ type: MongooseSchema.Types.Mixed, default: [] })
  before!: Record<string, unknown>[];

  /** What moved, counted when the merge was planned. */
  @Prop({ type: MongooseSchema.Types.Mixed, default: {} })
  moved!: Record<string, number>;

  @Prop({ type: Date })
  finishedAt?: Date;

  /**
   * The suggestions its settle step superseded (between a victim and someone else), written with that step: an undo
   * looks for suggestions to reopen only when there are some. Absent on merges settled before it was kept.
   */
  @Prop({ type: [MongooseSchema.Types.ObjectId], default: undefined })
  supersededSuggestionIds?: Types.ObjectId[];

  /** Written with the `tombstone-victims` step: what `move-assets` moves. Absent on merges that moved no asset. */
  @Prop({ type: MongooseSchema.Types.Mixed })
  assets?: AssetMovePlan;

  /** The undo that claimed this merge (one per merge), from its start; `undoneAt` once it is done. */
  @Prop({ type: MongooseSchema.Types.ObjectId })
  undoId?: Types.ObjectId;

  @Prop({ type: Date })
  undoneAt?: Date;

  createdAt!: Date;
  updatedAt!: Date;
}

export const MergeSchema = SchemaFactory.createForClass(Merge);
MergeSchema.index({ tenantId: 1, status: 1 });
/** The resumer's look for journals of every tenant that stopped moving. */
MergeSchema.index({ status: 1, updatedAt: 1 });
MergeSchema.index({ tenantId: 1, survivorId: 1 });

/** The journals that lock customers while they run. */
export const LOCKING_JOURNALS = ['merge', 'detach', 'undo', 'move'] as const;
export type LockingJournal = (typeof LOCKING_JOURNALS)[number];

/**
 * A customer taking part in a running merge or detach. Unique per customer, so merges and detaches touching the same
 * customers are serialized (A→B and B→A at once: one takes both locks, the other is refused) without transactions.
 */
@Schema({ collection: 'merge_locks', timestamps: true })
export class MergeLock {
  _id!: Types.ObjectId;

  @Prop({ type: MongooseSchema.Types.ObjectId, required: true })
  tenantId!: Types.ObjectId;

  @Prop({ type: MongooseSchema.Types.ObjectId, required: true })
  customerId!: Types.ObjectId;

  /** The journal holding the lock: a merge's id, or a detach's or an undo's when `journal` says so. */
  @Prop({ type: MongooseSchema.Types.ObjectId, required: true })
  mergeId!: Types.ObjectId;

  @Prop({ type: String, enum: LOCKING_JOURNALS, default: 'merge' })
  journal!: LockingJournal;

  createdAt!: Date;
  updatedAt!: Date;
}

export const MergeLockSchema = SchemaFactory.createForClass(MergeLock);
MergeLockSchema.index({ tenantId: 1, customerId: 1 }, { unique: true });
MergeLockSchema.index({ tenantId: 1, mergeId: 1 });
