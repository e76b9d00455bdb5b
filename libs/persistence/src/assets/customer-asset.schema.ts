import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Schema as MongooseSchema, Types } from 'mongoose';

export const ASSET_KINDS = ['transaction', 'loyalty', 'rewardCard', 'giftCard', 'houseAccount'] as const;
export type AssetKind = (typeof ASSET_KINDS)[number];

/** The kinds an integration names by a number of its own (a card's, an account's); each is held by one customer. */
export const NUMBERED_ASSET_KINDS = ['rewardCard', 'giftCard', 'houseAccount'] as const;
export type NumberedAssetKind = (typeof NUMBERED_ASSET_KINDS)[number];

export const ASSET_STATUSES = ['active', 'blocked', 'closed'] as const;
export type AssetStatus = (typeof ASSET_STATUSES)[number];

/**
 * What a retail or loyalty integration records on a customer: one collection for every kind, so a merge re-points
 * a victim's assets with one command. `key` is unique per tenant and kind: a transaction's external id, a card's or
 * house account's number, the holder's id for its loyalty standing.
 */
@Schema({ collection: 'customer_assets', timestamps: true })
export class CustomerAsset {
  _id!: Types.ObjectId;

  @Prop({ type: MongooseSchema.Types.ObjectId, required: true })
  tenantId!: Types.ObjectId;

  @Prop({ type: MongooseSchema.Types.ObjectId, required: true })
  customerId!: Types.ObjectId;

  @Prop({ type: String, required: true, enum: ASSET_KINDS })
  kind!: AssetKind;

  @Prop({ type: String, required: true })
  key!: string;

  /** Transactions: the amount in the currency's major unit (negative for a refund). */
  @Prop({ type: Number })
  amount?: number;

  /** Transactions: ISO 4217. */
  @Prop({ type: String })
  currency?: string;

  @Prop({ type: Date })
  occurredAt?: Date;

  @Prop({ type: String })
  store?: string;

  @Prop({ type: String })
  channel?: string;

  /** Loyalty. */
  @Prop({ type: Number })
  points?: number;

  @Prop({ type: String })
  tier?: string | null;

  @Prop({ type: Number })
  tierRank?: number;

  @Prop({ type: Number })
  tierProgress?: number;

  /** Cards and house accounts. */
  @Prop({ type: Number })
  balance?: number;

  @Prop({ type: String, enum: ASSET_STATUSES })
  status?: AssetStatus;

  /**
   * The journals that moved it between customers (`{ mergeId, from }`, `{ undoId, from }`), oldest first: a merge's
   * undo gives back what that merge brought from each victim, and nothing the survivor gained otherwise.
   */
  @Prop({ type: [MongooseSchema.Types.Mixed], default: undefined })
  mergeTrail?: Record<string, Types.ObjectId>[];

  createdAt!: Date;
  updatedAt!: Date;
}

export const CustomerAssetSchema = SchemaFactory.createForClass(CustomerAsset);
CustomerAssetSchema.index({ tenantId: 1, kind: 1, key: 1 }, { unique: true });
CustomerAssetSchema.index({ tenantId: 1, customerId: 1, kind: 1 });
