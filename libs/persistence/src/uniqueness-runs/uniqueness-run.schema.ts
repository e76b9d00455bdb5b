import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Schema as MongooseSchema, Types } from 'mongoose';
import { ENFORCE_UNIQUE_BY, type EnforceUniqueBy } from '@app/domain';

/** `queued` until the worker takes it, `running` while groups are found and merged, `done` once each has a result. */
export const UNIQUENESS_RUN_STATUSES = ['queued', 'running', 'done'] as const;
export type UniquenessRunStatus = (typeof UNIQUENESS_RUN_STATUSES)[number];

/**
 * What became of a group: a dry run says whether it `would_merge` or a guard `refused`; a real run `merged` it (its
 * journal), found it `already_merged`, or was `refused` (a guard with its blocks, or the customers gone or busy).
 */
export const UNIQUENESS_GROUP_OUTCOMES = ['would_merge', 'merged', 'already_merged', 'refused'] as const;
export type UniquenessGroupOutcome = (typeof UNIQUENESS_GROUP_OUTCOMES)[number];

export interface UniquenessGroupResult {
  outcome: UniquenessGroupOutcome;
  mergeId?: string;
  code?: string;
  detail?: string;
  blocks?: unknown[];
  /** `customers_separated`: the pairs (`a:b`) a person judged different people. */
  separatedPairs?: string[];
}

@Schema({ _id: false })
export class UniquenessRunGroup {
  @Prop({ type: String, required: true })
  survivorId!: string;

  @Prop({ type: [String], required: true })
  victimIds!: string[];

  /** The shared values that joined them. */
  @Prop({ type: [String], required: true })
  values!: string[];

  @Prop({ type: MongooseSchema.Types.Mixed })
  result?: UniquenessGroupResult;
}

const UniquenessRunGroupSchema = SchemaFactory.createForClass(UniquenessRunGroup);

@Schema({ _id: false })
export class UniquenessRunActor {
  @Prop({ type: String, required: true })
  id!: string;

  @Prop({ type: String, required: true })
  role!: string;
}

/**
 * "Apply to existing duplicates" (issue 13): the groups of active customers sharing a value of the enforced attribute,
 * found once and stored, then each checked (dry run) or merged, its result recorded as soon as it is known, so a job
 * taken over after a crash continues with the groups left and a reader sees progress.
 */
@Schema({ collection: 'uniqueness_runs', timestamps: true, minimize: false })
export class UniquenessRun {
  _id!: Types.ObjectId;

  @Prop({ type: MongooseSchema.Types.ObjectId, required: true })
  tenantId!: Types.ObjectId;

  @Prop({ type: Boolean, required: true })
  dryRun!: boolean;

  /** The attribute enforced when the run was asked for. */
  @Prop({ type: String, required: true, enum: ENFORCE_UNIQUE_BY })
  enforceUniqueBy!: EnforceUniqueBy;

  @Prop({ type: UniquenessRunActor, required: true })
  actor!: UniquenessRunActor;

  /** A real run started from a dry run's report merges exactly its groups. */
  @Prop({ type: MongooseSchema.Types.ObjectId })
  fromDryRunId?: Types.ObjectId;

  @Prop({ type: String, required: true, enum: UNIQUENESS_RUN_STATUSES })
  status!: UniquenessRunStatus;

  /** Set once the groups are stored (absent while they are being found). */
  @Prop({ type: Boolean, default: false })
  grouped!: boolean;

  @Prop({ type: [UniquenessRunGroupSchema], default: [] })
  groups!: UniquenessRunGroup[];

  @Prop({ type: Date })
  startedAt?: Date;

  @Prop({ type: Date })
  finishedAt?: Date;

  createdAt!: Date;
  updatedAt!: Date;
}

export const UniquenessRunSchema = SchemaFactory.createForClass(UniquenessRun);
UniquenessRunSchema.index({ tenantId: 1, _id: -1 });
