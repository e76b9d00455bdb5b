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

/** Tenants that never saved settings match with these (DOMAIN §4 defaults); the schema fills in the same. */
export const DEFAULT_IDENTITY_SETTINGS: IdentitySettingsDocument = {
  uniqueIdentifierTypes: [],
  accessGrantingContactTypes: [...ACCESS_CONTACT_TYPES],
  primaryIdentifier: 'phone',
  skipSecondary: false,
  enforceUniqueBy: 'off',
  sharedContactThreshold: 5,
  blocklist: [],
};

/** How a tenant matches and merges customers (DOMAIN §2, §4, §6, §7). */
@Schema({ _id: false })
export class IdentitySettingsDocument {
  @Prop({
    type: [SchemaFactory.createForClass(UniqueIdentifierTypeSetting)],
    default: () => [...DEFAULT_IDENTITY_SETTINGS.uniqueIdentifierTypes],
  })
  uniqueIdentifierTypes!: UniqueIdentifierTypeSetting[];

  @Prop({
    type: [String],
    enum: ACCESS_CONTACT_TYPES,
    default: () => [...DEFAULT_IDENTITY_SETTINGS.accessGrantingContactTypes],
  })
  accessGrantingContactTypes!: AccessContactType[];

  @Prop({ type: String, enum: IDENTIFIER_TYPES, default: () => DEFAULT_IDENTITY_SETTINGS.primaryIdentifier })
  primaryIdentifier!: IdentifierType;

  @Prop({ type: Boolean, default: () => DEFAULT_IDENTITY_SETTINGS.skipSecondary })
  skipSecondary!: boolean;

  @Prop({ type: String, enum: ENFORCE_UNIQUE_BY, default: () => DEFAULT_IDENTITY_SETTINGS.enforceUniqueBy })
  enforceUniqueBy!: (typeof ENFORCE_UNIQUE_BY)[number];

  /** A value on more customers than this is a shared contact (a switchboard): it neither merges nor suggests. */
  @Prop({ type: Number, default: () => DEFAULT_IDENTITY_SETTINGS.sharedContactThreshold })
  sharedContactThreshold!: number;

  /** Normalized values that are never used for matching. */
  @Prop({ type: [String], default: () => [...DEFAULT_IDENTITY_SETTINGS.blocklist] })
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
