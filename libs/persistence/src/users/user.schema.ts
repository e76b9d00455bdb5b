import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Schema as MongooseSchema, Types } from 'mongoose';

export const ROLES = ['agent', 'supervisor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

@Schema({ collection: 'users', timestamps: true })
export class User {
  _id!: Types.ObjectId;

  @Prop({ type: MongooseSchema.Types.ObjectId, required: true, index: true })
  tenantId!: Types.ObjectId;

  /** Unique across tenants: sign-in takes only an email and a password. */
  @Prop({ required: true, unique: true, lowercase: true, trim: true })
  email!: string;

  @Prop({ required: true })
  passwordHash!: string;

  @Prop({ required: true, trim: true })
  name!: string;

  @Prop({ type: String, required: true, enum: ROLES })
  role!: Role;

  @Prop({ default: true })
  active!: boolean;

  /**
   * Access tokens carry the version they were signed at; a role change, a deactivation or a sign-out raises it, so
   * every token signed before stops working on its next request.
   */
  @Prop({ default: 0 })
  tokenVersion!: number;

  createdAt!: Date;
  updatedAt!: Date;
}

export const UserSchema = SchemaFactory.createForClass(User);
