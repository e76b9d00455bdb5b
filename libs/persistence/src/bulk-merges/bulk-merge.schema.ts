import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Schema as MongooseSchema, Types } from 'mongoose';
import type { BulkPairOutcome } from '@app/domain';

/** `queued` until the worker takes it, `running` while pairs merge, `done` once every pair has its result. */
export const BULK_MERGE_STATUSES = ['queued', 'running', 'done'] as const;
export type BulkMergeStatus = (typeof BULK_MERGE_STATUSES)[number];

/** What became of a pair, recorded as soon as it is known (so a restarted job continues after it). */
export interface BulkPairResult {
  outcome: BulkPairOutcome;
  /** The merge journal of a merged pair. */
  mergeId?: string;
  /** The customer the victim merged into: the pair's survivor, or where its tombstones lead. */
  survivorId?: string;
  /** `not_found`: the customer of the pair that this tenant has not. */
  customerId?: string;
  /** `victim_merged`: where the victim went already. */
  mergedInto?: string;
  /** `blocked`: the guard's reasons, as a refused merge names them. */
  blocks?: unknown[];
  /** `busy`: the journals holding the customers after the last attempt. */
  heldBy?: Record<string, string[]>;
  attempts: number;
}

@Schema({ _id: false })
export class BulkMergePair {
  @Prop({ type: String, required: true })
  survivorId!: string;

  @Prop({ type: String, required: true })
  victimId!: string;

  @Prop({ type: MongooseSchema.Types.Mixed })
  result?: BulkPairResult;
}

const BulkMergePairSchema = SchemaFactory.createForClass(BulkMergePair);

/** Who asked for the bulk merge: an admin, or an integration with a connector key of the tenant. */
@Schema({ _id: false })
export class BulkMergeActor {
  @Prop({ type: String, required: true, enum: ['user', 'connector'] })
  kind!: 'user' | 'connector';

  /** The user's id, or the connector key's. */
  @Prop({ type: String, required: true })
  id!: string;

  @Prop({ type: String })
  role?: string;
}

/**
 * Many pairs merged by one job of the worker, each through a merge journal of its own. The pairs and their results
 * live in the document, so the job resumes after the last recorded pair and a reader sees progress; one request per
 * idempotency key (unique index), so a resubmission answers the same bulk merge.
 */
@Schema({ collection: 'bulk_merges', timestamps: true, minimize: false })
export class BulkMerge {
  _id!: Types.ObjectId;

  @Prop({ type: MongooseSchema.Types.ObjectId, required: true })
  tenantId!: Types.ObjectId;

  @Prop({ type: String, required: true })
  idempotencyKey!: string;

  @Prop({ type: BulkMergeActor, required: true })
  actor!: BulkMergeActor;

  @Prop({ type: String, required: true, enum: BULK_MERGE_STATUSES })
  status!: BulkMergeStatus;

  @Prop({ type: [BulkMergePairSchema], required: true })
  pairs!: BulkMergePair[];

  @Prop({ type: Date })
  startedAt?: Date;

  @Prop({ type: Date })
  finishedAt?: Date;

  createdAt!: Date;
  updatedAt!: Date;
}

export const BulkMergeSchema = SchemaFactory.createForClass(BulkMerge);
BulkMergeSchema.index({ tenantId: 1, idempotencyKey: 1 }, { unique: true });
