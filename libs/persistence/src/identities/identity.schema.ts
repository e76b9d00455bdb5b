import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Schema as MongooseSchema, Types } from 'mongoose';
import { CHANNEL_KINDS, IDENTIFIER_TYPES, type ChannelKind, type IdentifierType } from '@app/domain';

/** One way a customer reaches us: `(channel kind, normalized address)`, or an anonymous session. */
@Schema({ collection: 'identities', timestamps: true, minimize: false })
export class Identity {
  _id!: Types.ObjectId;

  @Prop({ type: MongooseSchema.Types.ObjectId, required: true })
  tenantId!: Types.ObjectId;

  @Prop({ type: MongooseSchema.Types.ObjectId, required: true })
  customerId!: Types.ObjectId;

  /** `whatsapp:+15550100`, `email:ann@example.com`, `webchat:<channel>:session:<id>`: unique per tenant. */
  @Prop({ type: String, required: true })
  key!: string;

  @Prop({ type: String, required: true, enum: CHANNEL_KINDS })
  kind!: ChannelKind;

  /** The channel it first wrote to. */
  @Prop({ type: MongooseSchema.Types.ObjectId, required: true })
  channelId!: Types.ObjectId;

  @Prop({ type: Boolean, required: true })
  anonymous!: boolean;

  @Prop({ type: String, enum: IDENTIFIER_TYPES })
  identifierType?: IdentifierType;

  @Prop({ type: String })
  address?: string;

  @Prop({ type: String })
  displayAddress?: string;

  /** Set when `displayAddress` is a sender address that could not be normalized: the identity matches nothing. */
  @Prop({ type: Boolean })
  unusableAddress?: boolean;

  /**
   * The sender did not prove it owns `address` (an unauthenticated email, an untrusted connector): its key is
   * `<kind>:unverified:<address>`, it claims no identifier and joins no one; a suggestion links it to the holder.
   */
  @Prop({ type: Boolean })
  unverified?: boolean;

  /** Derived from the address, which never changes (identityMatchKeys, docs/matching.md): set when inserted. */
  @Prop({ type: [String], default: [] })
  matchKeys!: string[];

  /** The name the provider reported (WhatsApp profile, email display name). */
  @Prop({ type: String })
  profileName?: string;

  @Prop({ type: String })
  providerUserId?: string;

  /** Set until the duplicate check of its first message is queued, so a crash in between cannot skip it. */
  @Prop({ type: Boolean, default: true })
  checkPending!: boolean;

  createdAt!: Date;
  updatedAt!: Date;
}

export const IdentitySchema = SchemaFactory.createForClass(Identity);
IdentitySchema.index({ tenantId: 1, key: 1 }, { unique: true });
IdentitySchema.index({ tenantId: 1, customerId: 1 });
IdentitySchema.index({ tenantId: 1, address: 1 });
IdentitySchema.index({ tenantId: 1, matchKeys: 1 });

/**
 * Which customer the identities of one identifier (type and value) belong to. Claimed with an upsert on a unique
 * key, so two first messages from one number over WhatsApp and SMS at the same instant agree on one customer.
 */
@Schema({ collection: 'identifier_owners', timestamps: true })
export class IdentifierOwner {
  _id!: Types.ObjectId;

  @Prop({ type: MongooseSchema.Types.ObjectId, required: true })
  tenantId!: Types.ObjectId;

  @Prop({ type: String, required: true, enum: IDENTIFIER_TYPES })
  identifierType!: IdentifierType;

  @Prop({ type: String, required: true })
  value!: string;

  @Prop({ type: MongooseSchema.Types.ObjectId, required: true })
  customerId!: Types.ObjectId;

  /** The key of the identity whose first message claimed it: an identity of another key that finds it joins. */
  @Prop({ type: String })
  claimedBy?: string;

  createdAt!: Date;
  updatedAt!: Date;
}

export const IdentifierOwnerSchema = SchemaFactory.createForClass(IdentifierOwner);
IdentifierOwnerSchema.index({ tenantId: 1, identifierType: 1, value: 1 }, { unique: true });
IdentifierOwnerSchema.index({ tenantId: 1, customerId: 1 });
