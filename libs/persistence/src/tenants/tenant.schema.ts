import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import type { Types } from 'mongoose';
import {
  CONTACT_TYPES,
  DEFAULT_IDENTITY_SETTINGS,
  ENFORCE_UNIQUE_BY,
  IDENTIFIER_TYPES,
  IDENTIFY_MERGE_VICTIMS,
  SURVIVOR_PREFERENCES,
  type ContactType,
  type EnforceUniqueBy,
  type IdentifierType,
  type IdentifyMergeVictim,
  type IdentitySettings,
  type SurvivorPreference,
  type UniqueIdentifierTypeSetting,
} from '@app/domain';

@Schema({ _id: false })
class UniqueIdentifierTypeSettingDocument implements UniqueIdentifierTypeSetting {
  @Prop({ type: String, required: true })
  type!: string;

  /** Guard reason 1: customers holding different values of this type are never merged. */
  @Prop({ type: Boolean, default: false })
  doNotMergeDifferent!: boolean;
}

/** How a tenant matches and merges customers; a tenant that saved none gets `DEFAULT_IDENTITY_SETTINGS`. */
@Schema({ _id: false })
export class IdentitySettingsDocument implements IdentitySettings {
  @Prop({
    type: [SchemaFactory.createForClass(UniqueIdentifierTypeSettingDocument)],
    default: () => [...DEFAULT_IDENTITY_SETTINGS.uniqueIdentifierTypes],
  })
  uniqueIdentifierTypes!: UniqueIdentifierTypeSetting[];

  @Prop({
    type: [String],
    enum: CONTACT_TYPES,
    default: () => [...DEFAULT_IDENTITY_SETTINGS.accessGrantingContactTypes],
  })
  accessGrantingContactTypes!: ContactType[];

  @Prop({ type: String, enum: IDENTIFIER_TYPES, default: () => DEFAULT_IDENTITY_SETTINGS.primaryIdentifier })
  primaryIdentifier!: IdentifierType;

  @Prop({ type: Boolean, default: () => DEFAULT_IDENTITY_SETTINGS.skipSecondary })
  skipSecondary!: boolean;

  @Prop({
    type: String,
    enum: IDENTIFY_MERGE_VICTIMS,
    default: () => DEFAULT_IDENTITY_SETTINGS.identifyMergeVictim,
  })
  identifyMergeVictim!: IdentifyMergeVictim;

  @Prop({
    type: String,
    enum: SURVIVOR_PREFERENCES,
    default: () => DEFAULT_IDENTITY_SETTINGS.survivorPreference,
  })
  survivorPreference!: SurvivorPreference;

  @Prop({ type: String, enum: ENFORCE_UNIQUE_BY, default: () => DEFAULT_IDENTITY_SETTINGS.enforceUniqueBy })
  enforceUniqueBy!: EnforceUniqueBy;

  /** A value on more customers than this is a shared contact (a switchboard): it neither merges nor suggests. */
  @Prop({ type: Number, default: () => DEFAULT_IDENTITY_SETTINGS.sharedContactThreshold })
  sharedContactThreshold!: number;

  /** Normalized values that are never used for matching. */
  @Prop({ type: [String], default: () => [...DEFAULT_IDENTITY_SETTINGS.blocklist] })
  blocklist!: string[];

  /** The least score a pair needs to become a suggestion (issue 16). */
  @Prop({ type: Number, default: () => DEFAULT_IDENTITY_SETTINGS.suggestionThreshold })
  suggestionThreshold!: number;

  /** An unauthenticated email joins the customer holding its From address all the same (issue 15). */
  @Prop({ type: Boolean, default: () => DEFAULT_IDENTITY_SETTINGS.trustUnauthenticatedEmail })
  trustUnauthenticatedEmail!: boolean;
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

  /** Raised by every save of the settings: a backfill started for an older version knows it was overtaken. */
  @Prop({ type: Number, default: 0 })
  identitySettingsVersion!: number;

  createdAt!: Date;
  updatedAt!: Date;
}

export const TenantSchema = SchemaFactory.createForClass(Tenant);
