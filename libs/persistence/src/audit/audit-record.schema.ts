import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Schema as MongooseSchema, Types } from 'mongoose';
import {
  AUDIT_ACTOR_KINDS,
  AUDIT_RECORD_TYPES,
  AUDIT_TRIGGER_KINDS,
  type AuditActorKind,
  type AuditRecordType,
  type AuditTriggerKind,
} from '@app/domain';

/** Who acted; the fields of its kind are set (`id` and `role` of a user, `keyId` of a connector, `rule`). */
@Schema({ _id: false })
export class AuditActorDocument {
  @Prop({ type: String, required: true, enum: AUDIT_ACTOR_KINDS })
  kind!: AuditActorKind;

  @Prop({ type: String })
  id?: string;

  @Prop({ type: String })
  role?: string;

  @Prop({ type: String })
  keyId?: string;

  @Prop({ type: String })
  rule?: string;
}

@Schema({ _id: false })
export class AuditTriggerDocument {
  @Prop({ type: String, required: true, enum: AUDIT_TRIGGER_KINDS })
  kind!: AuditTriggerKind;

  @Prop({ type: String })
  id?: string;
}

/**
 * One entry of the append-only audit trail: who did what to which customers, why, and what changed. Never updated
 * nor deleted. `key` names the operation it records, unique per type, so a journal step that runs again (after a
 * crash) records nothing twice.
 */
@Schema({ collection: 'audit_records', minimize: false, versionKey: false })
export class AuditRecord {
  _id!: Types.ObjectId;

  @Prop({ type: MongooseSchema.Types.ObjectId, required: true })
  tenantId!: Types.ObjectId;

  @Prop({ type: String, required: true, enum: AUDIT_RECORD_TYPES })
  type!: AuditRecordType;

  /** The operation's own id (a merge, an identity…), or a fresh one for a request that is not journaled. */
  @Prop({ type: String, required: true })
  key!: string;

  @Prop({ type: SchemaFactory.createForClass(AuditActorDocument), required: true })
  actor!: AuditActorDocument;

  /** `auditActorKey(actor)`: the actor filter is one indexed equality. */
  @Prop({ type: String, required: true })
  actorKey!: string;

  @Prop({ type: SchemaFactory.createForClass(AuditTriggerDocument), required: true })
  trigger!: AuditTriggerDocument;

  /** The customers the record concerns (a customer's audit lists the records naming it). */
  @Prop({ type: [MongooseSchema.Types.ObjectId], default: [] })
  customerIds!: Types.ObjectId[];

  @Prop({ type: MongooseSchema.Types.Mixed, default: {} })
  before!: Record<string, unknown>;

  @Prop({ type: MongooseSchema.Types.Mixed, default: {} })
  after!: Record<string, unknown>;

  @Prop({ type: Date, required: true })
  at!: Date;
}

export const AuditRecordSchema = SchemaFactory.createForClass(AuditRecord);
AuditRecordSchema.index({ tenantId: 1, type: 1, key: 1 }, { unique: true });
// The listings, newest first: the whole trail, a customer's, an actor's, a type's.
AuditRecordSchema.index({ tenantId: 1, at: -1, _id: -1 });
AuditRecordSchema.index({ tenantId: 1, customerIds: 1, at: -1, _id: -1 });
AuditRecordSchema.index({ tenantId: 1, actorKey: 1, at: -1, _id: -1 });
AuditRecordSchema.index({ tenantId: 1, type: 1, at: -1, _id: -1 });
