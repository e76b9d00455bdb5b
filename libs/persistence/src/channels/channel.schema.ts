import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Schema as MongooseSchema, Types } from 'mongoose';
import { CHANNEL_KINDS, type ChannelKind } from '@app/domain';

/** Non-secret settings, returned by the API. */
export interface ChannelSettings {
  phoneNumberId?: string;
  accountSid?: string;
  phoneNumber?: string;
  addresses?: string[];
  /** Email: the address replies leave from (else the first of `addresses`). */
  replyFrom?: string;
  /** Email: the relay replies are submitted to (its password is a secret). */
  smtp?: { host: string; port: number; user?: string; tls?: 'starttls' | 'implicit' | 'none' };
  /** Email: Mailgun's sending domain, for replies through its API. */
  mailgunDomain?: string;
  /** API and webchat: where replies are posted, signed. */
  callbackUrl?: string;
}

/** Write-only: never selected unless asked for, never returned by the API. */
export interface ChannelSecrets {
  appSecret?: string;
  verifyToken?: string;
  /** WhatsApp: the Cloud API token replies are sent with. */
  accessToken?: string;
  authToken?: string;
  mailgunSigningKey?: string;
  smtpPassword?: string;
  mailgunApiKey?: string;
  /** API and webchat: signs the replies posted to the callback URL. */
  callbackSecret?: string;
}

@Schema({ collection: 'channels', timestamps: true, minimize: false })
export class Channel {
  _id!: Types.ObjectId;

  @Prop({ type: MongooseSchema.Types.ObjectId, required: true })
  tenantId!: Types.ObjectId;

  @Prop({ type: String, required: true, enum: CHANNEL_KINDS })
  kind!: ChannelKind;

  @Prop({ required: true, trim: true })
  name!: string;

  @Prop({ type: MongooseSchema.Types.Mixed, default: {} })
  settings!: ChannelSettings;

  @Prop({ type: MongooseSchema.Types.Mixed, default: {}, select: false })
  secrets?: ChannelSecrets;

  createdAt!: Date;
  updatedAt!: Date;
}

export const ChannelSchema = SchemaFactory.createForClass(Channel);
ChannelSchema.index({ tenantId: 1, kind: 1 });
