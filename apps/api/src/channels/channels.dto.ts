import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsObject, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { CHANNEL_KINDS, type ChannelKind } from '@app/domain';

export class CreateChannelDto {
  @ApiProperty({ enum: CHANNEL_KINDS })
  @IsIn(CHANNEL_KINDS)
  kind!: ChannelKind;

  @ApiProperty({ example: 'Support WhatsApp' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name!: string;

  @ApiPropertyOptional({
    description:
      'Per kind — whatsapp: phoneNumberId, appSecret, verifyToken, accessToken? (for replies); sms: accountSid, authToken, phoneNumber; ' +
      'email: addresses[], mailgunSigningKey?; api, webchat: none. Secrets are write-only.',
    example: { phoneNumberId: '106540352242922', appSecret: '…', verifyToken: '…' },
  })
  @IsOptional()
  @IsObject()
  config?: Record<string, unknown>;
}

export class UpdateChannelDto {
  @ApiPropertyOptional({ example: 'Support WhatsApp (EU)' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({
    description:
      'The config fields to replace, e.g. `{ "appSecret": "…" }` to rotate a secret; the rest stays as stored, and the ' +
      'whole is validated by the rules of the channel’s kind. Secrets are write-only.',
    example: { appSecret: '…' },
  })
  @IsOptional()
  @IsObject()
  config?: Record<string, unknown>;
}

export class ChannelView {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: CHANNEL_KINDS }) kind!: ChannelKind;
  @ApiProperty() name!: string;
  @ApiProperty({ description: 'Non-secret settings' }) config!: Record<string, unknown>;
  @ApiProperty({ description: 'Where the provider (or connector) delivers messages' }) webhookUrl!: string;
  @ApiProperty() createdAt!: string;
}

export class ChannelList {
  @ApiProperty({ type: [ChannelView] }) items!: ChannelView[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}

export class CreateApiKeyDto {
  @ApiPropertyOptional({ example: 'Website widget' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({
    default: false,
    description:
      'The connector authenticates the people it writes for: the email or phone its messages send joins the ' +
      'customer holding it. Otherwise each is an unverified claim: a customer of its own with a suggestion',
  })
  @IsOptional()
  @IsBoolean()
  trusted?: boolean;
}

export class UpdateApiKeyDto {
  @ApiPropertyOptional({ example: 'Shop backend' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({
    description:
      'true: the connector authenticates the people it writes for, and the email or phone its messages send joins ' +
      'the customer holding it; false: each is an unverified claim (a customer of its own with a suggestion). ' +
      'Applies from the next request of the key',
  })
  @IsOptional()
  @IsBoolean()
  trusted?: boolean;
}

export class ApiKeyView {
  @ApiProperty() id!: string;
  @ApiProperty() channelId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ description: 'The first characters of the key' }) hint!: string;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ type: String, nullable: true }) revokedAt!: string | null;
  @ApiProperty({ description: 'The addresses its messages send join the customers holding them' }) trusted!: boolean;
}

export class CreatedApiKey extends ApiKeyView {
  @ApiProperty({ description: 'The connector key; shown only in this response' }) key!: string;
}

export class ApiKeyList {
  @ApiProperty({ type: [ApiKeyView] }) items!: ApiKeyView[];
}
