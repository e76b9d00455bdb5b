import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { CUSTOMER_KINDS, type CustomerKind } from '@app/domain';
import { trimmed } from '@app/http';
import { UniquenessOutcomeView } from '../uniqueness/uniqueness-outcome.dto.js';
import { AddUniqueIdentifierDto, ContactDatumView, UniqueIdentifierView } from '../customers/customers.dto.js';

const MAX_UNIQUE_IDENTIFIERS = 20;
export const IDENTIFY_ACTIONS = ['create', 'update', 'merge'] as const;
export type IdentifyAction = (typeof IDENTIFY_ACTIONS)[number];

/** An integration's "this customer did something" (DOMAIN §7). */
export class IdentifyCustomerDto {
  @ApiProperty({
    example: 'pos-42-000123',
    description: 'Chosen by the client, unique per call: a replay with the same id answers as the first call did',
  })
  @IsString()
  @Transform(trimmed)
  @MinLength(1)
  @MaxLength(200)
  requestId!: string;

  @ApiPropertyOptional({ example: '+1 555 010 1001', description: 'Normalized to E.164' })
  @IsOptional()
  @IsString()
  @Transform(trimmed)
  @MinLength(1)
  @MaxLength(64)
  phone?: string;

  @ApiPropertyOptional({ example: 'US', description: 'ISO 3166 country of a phone written without its country code' })
  @IsOptional()
  @Matches(/^[A-Z]{2}$/, { message: 'country must be an ISO 3166 alpha-2 code such as US' })
  country?: string;

  @ApiPropertyOptional({ example: 'ann@example.com', description: 'Normalized to lower case with an ASCII domain' })
  @IsOptional()
  @IsString()
  @Transform(trimmed)
  @MinLength(1)
  @MaxLength(320)
  email?: string;

  @ApiPropertyOptional({ type: [AddUniqueIdentifierDto], description: 'At most one value per type' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_UNIQUE_IDENTIFIERS)
  @ValidateNested({ each: true })
  @Type(() => AddUniqueIdentifierDto)
  uniqueIdentifiers?: AddUniqueIdentifierDto[];

  @ApiPropertyOptional({
    enum: CUSTOMER_KINDS,
    default: 'contact',
    description: 'The kind of a customer this call creates; a customer found keeps its kind',
  })
  @IsOptional()
  @IsIn(CUSTOMER_KINDS)
  kind?: CustomerKind;

  @ApiPropertyOptional({ example: 'Ann Lee', description: 'Replaces the name of the customer found' })
  @IsOptional()
  @IsString()
  @Transform(trimmed)
  @MinLength(1)
  @MaxLength(200)
  name?: string;
}

export class IdentifiedCustomer {
  @ApiProperty() id!: string;
  @ApiProperty({ type: String, nullable: true }) name!: string | null;
  @ApiProperty({ enum: CUSTOMER_KINDS }) kind!: CustomerKind;
  @ApiProperty({ type: [ContactDatumView] }) contactData!: ContactDatumView[];
  @ApiProperty({ type: [UniqueIdentifierView] }) uniqueIdentifiers!: UniqueIdentifierView[];
  @ApiProperty() createdAt!: string;
}

export class TypedValueView {
  @ApiProperty({ enum: ['phone', 'email', 'card'] }) type!: string;
  @ApiProperty() value!: string;
}

/** What the call changed on one customer. */
export class IdentifyChange {
  @ApiProperty() customerId!: string;
  @ApiProperty({ type: [TypedValueView] }) added!: TypedValueView[];
  @ApiProperty({ type: [TypedValueView] }) removed!: TypedValueView[];
  @ApiProperty({ type: [UniqueIdentifierView] }) addedUniqueIdentifiers!: UniqueIdentifierView[];
  @ApiProperty({ type: [UniqueIdentifierView] }) removedUniqueIdentifiers!: UniqueIdentifierView[];
  @ApiPropertyOptional({ description: 'Set when the call changed the name' }) name?: string;
}

export const IDENTIFY_MERGE_STATUSES = ['running', 'done', 'refused'] as const;

/** The merge an identify started under the `tombstone` setting. */
export class IdentifyMergeView {
  @ApiProperty({ description: 'The merge journal: follow it at GET /api/v1/merges/{id}; undone like any merge' })
  id!: string;
  @ApiProperty({
    enum: IDENTIFY_MERGE_STATUSES,
    description:
      '`done`; `running` while the worker moves things; `refused` when a guard refused it (`code: merge_blocked` ' +
      'with the `blocks`) or a customer was merged or held by another journal meanwhile (`code`): the ' +
      'identifiers moved, the other customer keeps its record',
  })
  status!: (typeof IDENTIFY_MERGE_STATUSES)[number];
  @ApiPropertyOptional({ description: 'Why a refused merge was refused, as `POST /api/v1/merges` names it' })
  code?: string;
  @ApiPropertyOptional() detail?: string;
  @ApiPropertyOptional({ type: 'array', items: { type: 'object' } }) blocks?: unknown[];
}

export class IdentifyResult {
  @ApiProperty({
    enum: IDENTIFY_ACTIONS,
    description:
      '`create`: a new customer; `update`: the customer found took the values; `merge`: identifiers moved to the ' +
      'customer kept from the other(s), which keep their records with the rest',
  })
  action!: IdentifyAction;

  @ApiProperty({ type: IdentifiedCustomer, description: 'The resulting customer (the one kept, after a merge)' })
  customer!: IdentifiedCustomer;

  @ApiProperty({ type: [IdentifyChange], description: 'Every customer the call changed, with what changed' })
  changes!: IdentifyChange[];

  @ApiPropertyOptional({
    type: UniquenessOutcomeView,
    description: 'What the uniqueness setting did after the change (merged the newer into the original, or refused)',
  })
  uniqueness?: UniquenessOutcomeView;

  @ApiPropertyOptional({
    type: IdentifyMergeView,
    description:
      'With the `identifyMergeVictim: tombstone` setting, a `merge` then merges the other customer(s) into the one ' +
      'kept (guards, journal, audit, undo as every merge); its journal, started once per `requestId`',
  })
  merge?: IdentifyMergeView;
}
