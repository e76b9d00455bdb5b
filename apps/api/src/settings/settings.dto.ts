import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import {
  CONTACT_TYPES,
  DEFAULT_IDENTITY_SETTINGS,
  ENFORCE_UNIQUE_BY,
  IDENTIFIER_TYPES,
  IDENTIFY_MERGE_VICTIMS,
  SURVIVOR_PREFERENCES,
  type ContactType,
  type IdentifyMergeVictim,
  type SurvivorPreference,
} from '@app/domain';
import { IsUniqueIdentifierType, UNIQUE_IDENTIFIER_TYPE } from '@app/http';
import { AuditRecordView } from '../audit/audit.dto.js';

const MAX_IDENTIFIER_TYPES = 100;
const MAX_BLOCKLIST = 10_000;

type EnforceUniqueBy = (typeof ENFORCE_UNIQUE_BY)[number];

export class UniqueIdentifierTypeDto {
  @ApiProperty({ example: 'loyaltyCard', pattern: UNIQUE_IDENTIFIER_TYPE.source })
  @IsString()
  @IsUniqueIdentifierType()
  type!: string;

  @ApiProperty({ description: 'Guard reason 1: customers holding different values of this type are never merged' })
  @IsBoolean()
  doNotMergeDifferent!: boolean;
}

/** The whole identity settings document: a PUT replaces every field. */
export class IdentitySettingsDto {
  @ApiProperty({ type: [UniqueIdentifierTypeDto], description: 'Each type at most once' })
  @IsArray()
  @ArrayMaxSize(MAX_IDENTIFIER_TYPES)
  @ArrayUnique((item: UniqueIdentifierTypeDto) => item?.type, { message: 'each identifier type may appear once' })
  @ValidateNested({ each: true })
  @Type(() => UniqueIdentifierTypeDto)
  uniqueIdentifierTypes!: UniqueIdentifierTypeDto[];

  @ApiProperty({
    enum: CONTACT_TYPES,
    isArray: true,
    description: 'Guard reason 2: contact types that can grant account access',
  })
  @IsArray()
  @ArrayUnique()
  @IsIn(CONTACT_TYPES, { each: true })
  accessGrantingContactTypes!: ContactType[];

  @ApiProperty({ enum: IDENTIFIER_TYPES, description: 'Identify API: the identifier matched first' })
  @IsIn(IDENTIFIER_TYPES)
  primaryIdentifier!: (typeof IDENTIFIER_TYPES)[number];

  @ApiProperty({ description: 'Identify API: ignore the secondary identifier when matching' })
  @IsBoolean()
  skipSecondary!: boolean;

  @ApiPropertyOptional({
    enum: IDENTIFY_MERGE_VICTIMS,
    default: DEFAULT_IDENTITY_SETTINGS.identifyMergeVictim,
    description:
      'Identify API: after identifiers moved between two customers, `keep` the one they came from as a record, or ' +
      '`tombstone` it: merge it into the one kept by an ordinary merge (guards, journal, audit, undo). Omitted: `keep`',
  })
  @IsOptional()
  @IsIn(IDENTIFY_MERGE_VICTIMS)
  identifyMergeVictim?: IdentifyMergeVictim;

  @ApiPropertyOptional({
    enum: SURVIVOR_PREFERENCES,
    default: DEFAULT_IDENTITY_SETTINGS.survivorPreference,
    description:
      'The customer every merge keeps when nobody names one (a suggestion accepted without a survivor, the list’s ' +
      '`defaultSurvivorId`, identify): `member_then_older` a member over a contact, then the older (created first); ' +
      '`older` the older whatever its kind. Of two of the same kind both keep the older. Omitted: `member_then_older`',
  })
  @IsOptional()
  @IsIn(SURVIVOR_PREFERENCES)
  survivorPreference?: SurvivorPreference;

  @ApiProperty({ enum: ENFORCE_UNIQUE_BY, description: 'Merge newer customers into the original holding this value' })
  @IsIn(ENFORCE_UNIQUE_BY)
  enforceUniqueBy!: EnforceUniqueBy;

  @ApiProperty({ minimum: 1, maximum: 1000, description: 'A value on more customers than this is shared' })
  @IsInt()
  @Min(1)
  @Max(1000)
  sharedContactThreshold!: number;

  @ApiProperty({
    type: [String],
    description:
      'Values never used for matching. Emails and phones written internationally (+…) are normalized as stored; ' +
      'anything else is kept as written, trimmed',
    example: ['+15550100000', 'frontdesk@example.com'],
  })
  @IsArray()
  @ArrayMaxSize(MAX_BLOCKLIST)
  @IsString({ each: true })
  @Matches(/\S/, { each: true, message: 'blocklist entries must not be blank' })
  @MaxLength(320, { each: true })
  blocklist!: string[];

  @ApiPropertyOptional({
    minimum: 0,
    maximum: 1,
    default: DEFAULT_IDENTITY_SETTINGS.suggestionThreshold,
    description:
      'The least score (0–1) a pair of customers needs to become a suggestion; an open suggestion whose score falls ' +
      'below it is withdrawn (superseded). Exact evidence scores 0.7–0.95, a one-letter email typo 0.6, raised by ' +
      'agreeing names and lowered by different ones or a changed number (docs/matching.md). Omitted: ' +
      String(DEFAULT_IDENTITY_SETTINGS.suggestionThreshold),
  })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1)
  suggestionThreshold?: number;

  @ApiPropertyOptional({
    default: DEFAULT_IDENTITY_SETTINGS.trustUnauthenticatedEmail,
    description:
      'An email nobody authenticated (no DKIM signature aligned with its From domain, no DMARC pass; on Mailgun, no ' +
      'DKIM pass) joins the customer holding its From address all the same. Off, it lands on a customer of its own ' +
      'marked unverified, with a suggestion to that customer. Omitted: false',
  })
  @IsOptional()
  @IsBoolean()
  trustUnauthenticatedEmail?: boolean;
}

export class UniqueIdentifierTypeView {
  @ApiProperty() type!: string;
  @ApiProperty() doNotMergeDifferent!: boolean;
}

export class IdentitySettingsView {
  @ApiProperty({ type: [UniqueIdentifierTypeView] }) uniqueIdentifierTypes!: UniqueIdentifierTypeView[];
  @ApiProperty({ enum: CONTACT_TYPES, isArray: true }) accessGrantingContactTypes!: ContactType[];
  @ApiProperty({ enum: IDENTIFIER_TYPES }) primaryIdentifier!: (typeof IDENTIFIER_TYPES)[number];
  @ApiProperty() skipSecondary!: boolean;
  @ApiProperty({ enum: IDENTIFY_MERGE_VICTIMS }) identifyMergeVictim!: IdentifyMergeVictim;
  @ApiProperty({ enum: SURVIVOR_PREFERENCES }) survivorPreference!: SurvivorPreference;
  @ApiProperty({ enum: ENFORCE_UNIQUE_BY }) enforceUniqueBy!: EnforceUniqueBy;
  @ApiProperty() sharedContactThreshold!: number;
  @ApiProperty({ type: [String] }) blocklist!: string[];
  @ApiProperty() suggestionThreshold!: number;
  @ApiProperty() trustUnauthenticatedEmail!: boolean;
}

/** What supervisors may see of the settings: the guards and matching limits, not the blocked values themselves. */
export class IdentitySettingsSummary {
  @ApiProperty({ type: [UniqueIdentifierTypeView], description: 'Identifier types with their guard flag' })
  uniqueIdentifierTypes!: UniqueIdentifierTypeView[];
  @ApiProperty({ enum: CONTACT_TYPES, isArray: true, description: 'Contact types that grant account access' })
  accessGrantingContactTypes!: ContactType[];
  @ApiProperty() sharedContactThreshold!: number;
  @ApiProperty({ description: 'How many values the blocklist holds' }) blocklistSize!: number;
  @ApiProperty({ description: 'The least score a pair needs to become a suggestion' }) suggestionThreshold!: number;
  @ApiProperty({ enum: IDENTIFIER_TYPES }) primaryIdentifier!: (typeof IDENTIFIER_TYPES)[number];
  @ApiProperty() skipSecondary!: boolean;
  @ApiProperty({ enum: IDENTIFY_MERGE_VICTIMS }) identifyMergeVictim!: IdentifyMergeVictim;
  @ApiProperty({ enum: SURVIVOR_PREFERENCES }) survivorPreference!: SurvivorPreference;
  @ApiProperty({ enum: ENFORCE_UNIQUE_BY }) enforceUniqueBy!: EnforceUniqueBy;
  @ApiProperty() trustUnauthenticatedEmail!: boolean;
}

export class IdentitySettingsAudit extends IdentitySettingsSummary {
  @ApiProperty({
    type: [AuditRecordView],
    description:
      'The latest changes (`settings.identity.updated`), newest first, as the audit trail holds them; every one ' +
      'is in `GET /api/v1/audit?type=settings.identity.updated`',
  })
  changes!: AuditRecordView[];
}

export const BACKFILL_STATES = ['none', 'waiting', 'running', 'done', 'failed'] as const;

export class IdentitySettingsBackfill {
  @ApiProperty({ description: 'Raised by every save of the settings (0: never saved)' })
  settingsVersion!: number;

  @ApiProperty({
    enum: BACKFILL_STATES,
    description:
      'The check of every customer with this version: `none` when the settings were never saved or the record of ' +
      'a finished check expired (a day after)',
  })
  state!: (typeof BACKFILL_STATES)[number];

  @ApiProperty({ description: 'Customers checked so far' }) checked!: number;
  @ApiProperty({ type: Number, nullable: true, description: 'Active customers to check, once counted' })
  total!: number | null;
  @ApiProperty({ description: 'Suggestions created' }) created!: number;
  @ApiProperty({ description: 'Suggestions updated (blocked, re-opened, new evidence)' }) updated!: number;
}
