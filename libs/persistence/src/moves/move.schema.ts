import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Schema as MongooseSchema, Types } from 'mongoose';
import { MERGE_STATUSES, type MergeStatus } from '../merges/merge.schema.js';

/** A move goes through the states of a merge: `pending` while locking, `refused`, `running`, `done`. */
export const MOVE_STATUSES = MERGE_STATUSES;
export type MoveStatus = MergeStatus;

export const MOVE_STEPS = ['move-conversation', 'record-audit', 'release-locks'] as const;
export type MoveStep = (typeof MOVE_STEPS)[number];

/**
 * The journal of one conversation moved to another customer (DOMAIN §5), its messages hanging off it; the identity
 * it came through stays with its customer. The undo of a move is a move too: the same conversation back, naming the
 * move it undoes (`undoes`), and the undone move names it (`undoneBy`, the claim that makes a move undone once).
 */
@Schema({ collection: 'moves', timestamps: true, minimize: false })
export class Move {
  _id!: Types.ObjectId;

  @Prop({ type: MongooseSchema.Types.ObjectId, required: true })
  tenantId!: Types.ObjectId;

  @Prop({ type: MongooseSchema.Types.ObjectId, required: true })
  conversationId!: Types.ObjectId;

  /** The identity the conversation came through: it stays on its customer. */
  @Prop({ type: MongooseSchema.Types.ObjectId, required: true })
  identityId!: Types.ObjectId;

  /** The customer the conversation leaves. */
  @Prop({ type: MongooseSchema.Types.ObjectId, required: true })
  fromCustomerId!: Types.ObjectId;

  /** The customer it goes to. */
  @Prop({ type: MongooseSchema.Types.ObjectId, required: true })
  toCustomerId!: Types.ObjectId;

  @Prop({ type: String, required: true })
  actorId!: string;

  /** The acting user's role when it acted, for the audit record. */
  @Prop({ type: String })
  actorRole?: string;

  @Prop({ type: String })
  reason?: string;

  /** This move undoes that one (the conversation goes back). */
  @Prop({ type: MongooseSchema.Types.ObjectId })
  undoes?: Types.ObjectId;

  /** The move that undoes (or undid) this one: claimed when its undo starts. */
  @Prop({ type: MongooseSchema.Types.ObjectId })
  undoneBy?: Types.ObjectId;

  @Prop({ type: String, required: true, enum: MOVE_STATUSES })
  status!: MoveStatus;

  @Prop({ type: [String], default: [] })
  completedSteps!: MoveStep[];

  /** What moved, counted when the move was planned (`conversations`, `messages`). */
  @Prop({ type: MongooseSchema.Types.Mixed, default: {} })
  moved!: Record<string, number>;

  @Prop({ type: Date })
  finishedAt?: Date;

  createdAt!: Date;
  updatedAt!: Date;
}

export const MoveSchema = SchemaFactory.createForClass(Move);
MoveSchema.index({ tenantId: 1, status: 1 });
/** The resumer's look for journals of every tenant that stopped moving. */
MoveSchema.index({ status: 1, updatedAt: 1 });
MoveSchema.index({ tenantId: 1, conversationId: 1 });
