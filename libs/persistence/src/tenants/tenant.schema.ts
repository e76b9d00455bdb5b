import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import type { Types } from 'mongoose';
import { CONTACT_TYPES, type ContactType } from '../customers/customer.schema.js';
import { IDENTIFIER_TYPES, type IdentifierType } from '../identities/identity.schema.js';

/** Any type of contact data may be flagged as granting account access. */
export const ACCESS_CONTACT_TYPES = CONTACT_TYPES;
export type AccessContactType = ContactType;
export const ENFORCE_UNIQUE_BY = ['off', 'email', 'phone', 'referenceCode'] as const;

@Schema({ _id: false })
export class UniqueIdentifierTypeSetting {
  @Prop({ type: String, required: true })
  type!: string;

  /** Guard reason 1: customers holding different values of this type are never merged. */
  @Prop({ type: Boolean, default: false })
  doNotMergeDifferent!: boolean;
}

/** How a tenant matches and merges customers (DOMAIN §2, §4, §6, §7). */
@Schema({ _id: false })
export class IdentitySettingsDocument {
  @Prop({ type: [SchemaFactory.createForClass(UniqueIdentifierTypeSetting)], default: [] })
  uniqueIdentifierTypes!: UniqueIdentifierTypeSetting[];

  @Prop({ type: [String], enum: ACCESS_CONTACT_TYPES, default: [...ACCESS_CONTACT_TYPES] })
  accessGrantingContactTypes!: AccessContactType[];

  @Prop({ type: String, enum: IDENTIFIER_TYPES, default: 'phone' })
  primaryIdentifier!: IdentifierType;

  @Prop({ type: Boolean, default: false })
  skipSecondary!: boolean;

  @Prop({ type: String, enum: ENFORCE_UNIQUE_BY, default: 'off' })
  enforceUniqueBy!: (typeof ENFORCE_UNIQUE_BY)[number];

  /** A value on more customers than this is a shared contact (a switchboard): it neither merges nor suggests. */
  @Prop({ type: Number, default: 5 })
  sharedContactThreshold!: number;

  /** Normalized values that are never used for matching. */
  @Prop({ type: [String], default: [] })
  blocklist!: string[];
}

@Schema({ collection: 'tenants', timestamps: true })
export class Tenant {
  _id!: Types.ObjectId;

  @Prop({ required: true, trim: true })
  name!: string;

  /** Stable handle for scripts (`demo` for the demo tenant). */
  @Prop({ required: true, unique: true, lowercase: true, trim: true })
  slug!: string;

  @Prop({ type: SchemaFactory.createForClass(IdentitySettingsDocument), default: () => ({}) })
  identitySettings!: IdentitySettingsDocument;

  createdAt!: Date;
  updatedAt!: Date;
}

export const TenantSchema = SchemaFactory.createForClass(Tenant);
