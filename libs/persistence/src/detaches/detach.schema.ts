import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Schema as MongooseSchema, Types } from 'mongoose';
import { MERGE_STATUSES, type MergeStatus } from '../merges/merge.schema.js';

/** A detach goes through the states of a merge: `pending` while locking, `refused`, `running`, `done`. */
export const DETACH_STATUSES = MERGE_STATUSES;
export type DetachStatus = MergeStatus;

export const DETACH_STEPS = [
  'create-customer',
  'move-identity',
  'move-conversations',
  'move-identifier-owner',
  'move-contact-data',
  'separate-customers',
  'release-locks',
] as const;
/**
 * The undo of a detach is a detach journal too (as a move's undo is a move), naming the detach it undoes: what the
 * detach moved goes back to the source, and the detached customer becomes a tombstone pointing to it.
 */
export const DETACH_UNDO_STEPS = [
  'move-identity',
  'move-conversations',
  'move-identifier-owner',
  'move-contact-data',
  'tombstone-customer',
  'release-locks',
] as const;
export type DetachStep = (typeof DETACH_STEPS)[number] | (typeof DETACH_UNDO_STEPS)[number];

/** A contact datum as the customer stored it (with the way it was written). */
@Schema({ _id: false })
export class DetachedContactDatum {
  @Prop({ type: String, required: true })
  type!: 'phone' | 'email' | 'card';

  @Prop({ type: String, required: true })
  value!: string;

  @Prop({ type: String })
  display?: string;

  @Prop({ type: Boolean, default: false })
  grantsAccess!: boolean;
}

/** What a detach does, decided when it is planned (once its locks are held) and written before anything moves. */
@Schema({ _id: false })
export class DetachIntent {
  @Prop({ type: String })
  name?: string;

  /** The moved conversations' latest message: the new customer's last activity. */
  @Prop({ type: Date })
  lastActiveAt?: Date;

  /** The identifier whose ownership (`identifier_owners`) moves; absent for an anonymous identity. */
  @Prop({ type: MongooseSchema.Types.Mixed })
  identifier?: { type: 'phone' | 'email'; value: string };

  @Prop({ type: [SchemaFactory.createForClass(DetachedContactDatum)], default: [] })
  contactData!: DetachedContactDatum[];

  @Prop({ type: Boolean, default: false })
  sourceKeepsContactData!: boolean;

  /** The evidence between the two customers at the time: its kinds are remembered as seen for the separated pair. */
  @Prop({ type: MongooseSchema.Types.Mixed, default: [] })
  separation!: { rule: string; values: string[]; score: number }[];

  /** The values the source holds no more: its suggestions resting only on them are superseded. */
  @Prop({ type: [String], default: [] })
  leavingValues!: string[];

  /** The source customer as it was, for undo and audit. */
  @Prop({ type: MongooseSchema.Types.Mixed })
  before!: Record<string, unknown>;
}

/**
 * The journal of one detach (DOMAIN §5): an identity with its conversations leaves its customer for a new one. The
 * new customer's id is chosen when the detach starts, so a resumed run creates the same customer; each idempotent
 * step is recorded as it completes, like a merge's.
 */
@Schema({ collection: 'detaches', timestamps: true, minimize: false })
export class Detach {
  _id!: Types.ObjectId;

  @Prop({ type: MongooseSchema.Types.ObjectId, required: true })
  tenantId!: Types.ObjectId;

  @Prop({ type: MongooseSchema.Types.ObjectId, required: true })
  identityId!: Types.ObjectId;

  /** The customer the identity leaves. */
  @Prop({ type: MongooseSchema.Types.ObjectId, required: true })
  fromCustomerId!: Types.ObjectId;

  /** The customer the detach creates. */
  @Prop({ type: MongooseSchema.Types.ObjectId, required: true })
  toCustomerId!: Types.ObjectId;

  @Prop({ type: String, required: true })
  actorId!: string;

  /** The acting user's role when it acted, for the audit record. */
  @Prop({ type: String })
  actorRole?: string;

  @Prop({ type: String })
  reason?: string;

  /** This journal undoes that detach: from the detached customer back to the source. */
  @Prop({ type: MongooseSchema.Types.ObjectId })
  undoes?: Types.ObjectId;

  /** The undo that undoes (or undid) this detach: claimed when it starts, so a detach is undone once. */
  @Prop({ type: MongooseSchema.Types.ObjectId })
  undoneBy?: Types.ObjectId;

  @Prop({ type: String, required: true, enum: DETACH_STATUSES })
  status!: DetachStatus;

  @Prop({ type: [String], default: [] })
  completedSteps!: DetachStep[];

  /** Journaled once the locks are held (absent while `pending`). */
  @Prop({ type: SchemaFactory.createForClass(DetachIntent) })
  intent?: DetachIntent;

  /** What moved, counted when the detach was planned. */
  @Prop({ type: MongooseSchema.Types.Mixed, default: {} })
  moved!: Record<string, number>;

  @Prop({ type: Date })
  finishedAt?: Date;

  createdAt!: Date;
  updatedAt!: Date;
}

export const DetachSchema = SchemaFactory.createForClass(Detach);
DetachSchema.index({ tenantId: 1, status: 1 });
/** The resumer's look for journals of every tenant that stopped moving. */
DetachSchema.index({ status: 1, updatedAt: 1 });
DetachSchema.index({ tenantId: 1, fromCustomerId: 1 });
/** A customer's lineage: the detach that created it, and the undos of its own detaches. */
DetachSchema.index({ tenantId: 1, toCustomerId: 1 });
