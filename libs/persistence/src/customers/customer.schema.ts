import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Schema as MongooseSchema, Types } from 'mongoose';
import { CONTACT_TYPES, CUSTOMER_KINDS, type ContactType, type CustomerKind } from '@app/domain';

@Schema({ _id: false })
export class ContactDatum {
  @Prop({ type: String, required: true, enum: CONTACT_TYPES })
  type!: ContactType;

  /** Normalized: E.164, lower-case email, card number without spaces. */
  @Prop({ type: String, required: true })
  value!: string;

  @Prop({ type: String })
  display?: string;

  @Prop({ type: Boolean, default: false })
  grantsAccess!: boolean;
}

@Schema({ _id: false })
export class UniqueIdentifier {
  @Prop({ type: String, required: true })
  type!: string;

  @Prop({ type: String, required: true })
  value!: string;
}

/** One real person. A merged-away customer stays as a tombstone (`mergedInto`) so its id keeps resolving. */
@Schema({ collection: 'customers', timestamps: true, minimize: false })
export class Customer {
  _id!: Types.ObjectId;

  @Prop({ type: MongooseSchema.Types.ObjectId, required: true })
  tenantId!: Types.ObjectId;

  @Prop({ type: String, trim: true })
  name?: string;

  /** `nameTokens(name)`, written with every name: name search looks whole words (an exact name) up in their index. */
  @Prop({ type: [String], default: undefined })
  nameTokens?: string[];

  /**
   * `namePrefixes(nameTokens)`, written with them: name search looks a word being typed up by equality in their
   * index, never by a range or pattern (which mongo-java-server would answer by scanning).
   */
  @Prop({ type: [String], default: undefined })
  namePrefixes?: string[];

  @Prop({ type: String, enum: CUSTOMER_KINDS, default: 'contact' })
  kind!: CustomerKind;

  @Prop({ type: [SchemaFactory.createForClass(ContactDatum)], default: [] })
  contactData!: ContactDatum[];

  @Prop({ type: [SchemaFactory.createForClass(UniqueIdentifier)], default: [] })
  uniqueIdentifiers!: UniqueIdentifier[];

  /**
   * Derived from `contactData` and `uniqueIdentifiers` (customerMatchKeys, docs/matching.md), kept on every write of
   * them: what duplicate checks look customers up by. A superset for a moment after a removal, never missing a key.
   */
  @Prop({ type: [String], default: [] })
  matchKeys!: string[];

  @Prop({ type: Date })
  lastActiveAt?: Date;

  @Prop({ type: MongooseSchema.Types.ObjectId, default: null })
  mergedInto!: Types.ObjectId | null;

  @Prop({ type: Date })
  mergedAt?: Date;

  /** The merge that made this customer a tombstone. */
  @Prop({ type: MongooseSchema.Types.ObjectId })
  mergeId?: Types.ObjectId;

  createdAt!: Date;
  updatedAt!: Date;
}

export const CustomerSchema = SchemaFactory.createForClass(Customer);
CustomerSchema.index({ tenantId: 1, mergedInto: 1, _id: -1 });
CustomerSchema.index({ tenantId: 1, 'contactData.value': 1 });
CustomerSchema.index({ tenantId: 1, 'uniqueIdentifiers.value': 1 });
CustomerSchema.index({ tenantId: 1, name: 1 });
CustomerSchema.index({ tenantId: 1, nameTokens: 1 });
CustomerSchema.index({ tenantId: 1, namePrefixes: 1 });
CustomerSchema.index({ tenantId: 1, matchKeys: 1 });
// The webhook feed reads a tenant's new customers by creation time.
CustomerSchema.index({ tenantId: 1, createdAt: 1, _id: 1 });
