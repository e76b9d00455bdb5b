import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Schema as MongooseSchema, Types } from 'mongoose';

/**
 * Which customer an identify call created for a value (a phone, an email, a unique identifier), claimed through a
 * unique index before the customer is written: of concurrent calls creating a customer for the same new value, one
 * creates it and the others update it. A claim outlives what it names (the value may move on later); identify takes
 * over a claim whose customer no longer holds the value.
 */
@Schema({ collection: 'identifier_claims', timestamps: true })
export class IdentifierClaim {
  _id!: Types.ObjectId;

  @Prop({ type: MongooseSchema.Types.ObjectId, required: true })
  tenantId!: Types.ObjectId;

  /** `contact:<phone|email|card>` or `unique:<identifier type>`. */
  @Prop({ type: String, required: true })
  identifierType!: string;

  @Prop({ type: String, required: true })
  value!: string;

  /** The customer created (or being created) with the value. */
  @Prop({ type: MongooseSchema.Types.ObjectId, required: true })
  customerId!: Types.ObjectId;

  createdAt!: Date;
  updatedAt!: Date;
}

export const IdentifierClaimSchema = SchemaFactory.createForClass(IdentifierClaim);
IdentifierClaimSchema.index({ tenantId: 1, identifierType: 1, value: 1 }, { unique: true });
