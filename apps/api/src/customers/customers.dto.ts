import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import {
  CHANNEL_KINDS,
  type ChannelKind,
  CONTACT_TYPES,
  CUSTOMER_KINDS,
  type ContactType,
  type CustomerKind,
} from '@app/domain';
import { IsUniqueIdentifierType, trimmed, UNIQUE_IDENTIFIER_TYPE } from '@app/http';
import { ConversationSummary } from '../conversations/conversations.dto.js';
import { PageQueryDto } from '../paging/page-query.dto.js';
import { UniquenessOutcomeView } from '../uniqueness/uniqueness-outcome.dto.js';

const MAX_CHANGES = 50;

export class CustomerSearchQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    description:
      'Name (anywhere, any case), phone in any format, email, card number or unique identifier value (exact)',
    example: '(555) 010-1001',
  })
  @IsOptional()
  @IsString()
  @Transform(trimmed)
  @MaxLength(200)
  q?: string;
}

export class AddContactDatumDto {
  @ApiProperty({ enum: CONTACT_TYPES })
  @IsIn(CONTACT_TYPES)
  type!: ContactType;

  @ApiProperty({
    example: '+1 555 010 1001',
    description: 'Normalized before it is stored: phone to E.164, email to lower case, card to letters and digits',
  })
  @IsString()
  @Transform(trimmed)
  @MinLength(1)
  @MaxLength(320)
  value!: string;

  @ApiPropertyOptional({ description: 'Grants access to the customer’s account; unchanged when absent' })
  @IsOptional()
  @IsBoolean()
  grantsAccess?: boolean;

  @ApiPropertyOptional({
    example: 'US',
    description: 'ISO 3166 country of a phone number written without its country code',
  })
  @IsOptional()
  @Matches(/^[A-Z]{2}$/, { message: 'country must be an ISO 3166 alpha-2 code such as US' })
  country?: string;
}

export class RemoveContactDatumDto {
  @ApiProperty({ enum: CONTACT_TYPES })
  @IsIn(CONTACT_TYPES)
  type!: ContactType;

  @ApiProperty({ example: '+15550101001', description: 'The stored value (normalized the same way)' })
  @IsString()
  @Transform(trimmed)
  @MinLength(1)
  @MaxLength(320)
  value!: string;
}

export class AddUniqueIdentifierDto {
  @ApiProperty({ example: 'loyaltyCard', pattern: UNIQUE_IDENTIFIER_TYPE.source })
  @IsString()
  @IsUniqueIdentifierType()
  type!: string;

  @ApiProperty({ example: '8812', description: 'Replaces the value the customer holds for this type' })
  @IsString()
  @Transform(trimmed)
  @MinLength(1)
  @MaxLength(200)
  value!: string;
}

export class RemoveUniqueIdentifierDto {
  @ApiProperty({ example: 'loyaltyCard', pattern: UNIQUE_IDENTIFIER_TYPE.source })
  @IsString()
  @IsUniqueIdentifierType()
  type!: string;

  @ApiPropertyOptional({ description: 'Only this value; without it, the type’s value whatever it is' })
  @IsOptional()
  @IsString()
  @Transform(trimmed)
  @MinLength(1)
  @MaxLength(200)
  value?: string;
}

/** Explicit adds and removes, so that two agents editing one profile at once lose nothing. Removes apply first. */
export class UpdateCustomerDto {
  @ApiPropertyOptional({ example: 'Ann Lee' })
  @IsOptional()
  @IsString()
  @Transform(trimmed)
  @MinLength(1)
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ enum: CUSTOMER_KINDS })
  @IsOptional()
  @IsIn(CUSTOMER_KINDS)
  kind?: CustomerKind;

  @ApiPropertyOptional({ type: [AddContactDatumDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_CHANGES)
  @ValidateNested({ each: true })
  @Type(() => AddContactDatumDto)
  addContactData?: AddContactDatumDto[];

  @ApiPropertyOptional({ type: [RemoveContactDatumDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_CHANGES)
  @ValidateNested({ each: true })
  @Type(() => RemoveContactDatumDto)
  removeContactData?: RemoveContactDatumDto[];

  @ApiPropertyOptional({ type: [AddUniqueIdentifierDto], description: 'At most one value per type' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_CHANGES)
  @ValidateNested({ each: true })
  @Type(() => AddUniqueIdentifierDto)
  addUniqueIdentifiers?: AddUniqueIdentifierDto[];

  @ApiPropertyOptional({ type: [RemoveUniqueIdentifierDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_CHANGES)
  @ValidateNested({ each: true })
  @Type(() => RemoveUniqueIdentifierDto)
  removeUniqueIdentifiers?: RemoveUniqueIdentifierDto[];
}

export class IdentitySummary {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: CHANNEL_KINDS }) kind!: ChannelKind;
  @ApiProperty() channelId!: string;
  @ApiPropertyOptional({ description: 'E.164 or lower-case email; absent when anonymous' }) address?: string;
  @ApiPropertyOptional() displayAddress?: string;
  @ApiProperty({ description: 'Matches nothing: an anonymous session, or a sender address that is not usable' })
  anonymous!: boolean;
  @ApiPropertyOptional({
    description:
      'true when `displayAddress` is the sender address as written that could not be normalized (a short code, an ' +
      'alphanumeric sender id, a malformed number): its messages are kept, the identity never joins another',
  })
  unusableAddress?: boolean;
  @ApiPropertyOptional({
    description:
      'true when the sender did not prove it owns `address` (an unauthenticated email, a connector key not marked ' +
      'trusted): it joined no one; a suggestion links it to the customer holding that address',
  })
  unverified?: boolean;
  @ApiPropertyOptional({ description: 'The name the provider reported' }) profileName?: string;
}

export class IdentityView extends IdentitySummary {
  @ApiProperty() conversationCount!: number;
}

export class ContactDatumView {
  @ApiProperty({ enum: CONTACT_TYPES }) type!: ContactType;
  @ApiProperty({ description: 'Normalized' }) value!: string;
  @ApiPropertyOptional({ description: 'As written' }) display?: string;
  @ApiProperty() grantsAccess!: boolean;
}

export class UniqueIdentifierView {
  @ApiProperty({ example: 'loyaltyCard' }) type!: string;
  @ApiProperty({ example: '8812' }) value!: string;
}

export class CustomerSummary {
  @ApiProperty() id!: string;
  @ApiProperty({ type: String, nullable: true }) name!: string | null;
  @ApiProperty({ enum: CUSTOMER_KINDS }) kind!: CustomerKind;
  @ApiProperty({ type: [IdentitySummary] }) identities!: IdentitySummary[];
  @ApiProperty() createdAt!: string;
  @ApiProperty({ type: String, nullable: true }) lastActiveAt!: string | null;
}

export class CustomerList {
  @ApiProperty({ type: [CustomerSummary] }) items!: CustomerSummary[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}

export class CustomerProfile {
  @ApiProperty() id!: string;
  @ApiProperty({ type: String, nullable: true }) name!: string | null;
  @ApiProperty({ enum: CUSTOMER_KINDS }) kind!: CustomerKind;
  @ApiProperty({ type: [IdentityView] }) identities!: IdentityView[];
  @ApiProperty({ type: [ContactDatumView] }) contactData!: ContactDatumView[];
  @ApiProperty({ type: [UniqueIdentifierView] }) uniqueIdentifiers!: UniqueIdentifierView[];
  @ApiProperty({ type: [ConversationSummary], description: 'The latest 20, last message first' })
  conversations!: ConversationSummary[];
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Cursor of the further conversations for GET /api/v1/customers/{id}/conversations',
  })
  conversationsNextCursor!: string | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
  @ApiProperty({ type: String, nullable: true }) lastActiveAt!: string | null;
  @ApiPropertyOptional({
    type: UniquenessOutcomeView,
    description: 'After an edit of contact data or unique identifiers: what the uniqueness setting did, if anything',
  })
  uniqueness?: UniquenessOutcomeView;
}
