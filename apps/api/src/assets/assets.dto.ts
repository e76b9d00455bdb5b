import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsISO8601,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { trimmed } from '@app/http';
import { ASSET_STATUSES, type AssetStatus } from '@app/persistence';

/** The path segment of each numbered kind. */
export const NUMBERED_ASSET_PATHS = {
  'reward-cards': 'rewardCard',
  'gift-cards': 'giftCard',
  'house-accounts': 'houseAccount',
} as const;
export type NumberedAssetPath = keyof typeof NUMBERED_ASSET_PATHS;
export const NUMBERED_ASSET_PATH_NAMES = Object.keys(NUMBERED_ASSET_PATHS) as NumberedAssetPath[];

export class RecordTransactionDto {
  @ApiProperty({
    description: 'The integration’s id of the transaction: a repeat is recorded once',
    example: 'pos-7781',
  })
  @IsString()
  @Transform(trimmed)
  @MinLength(1)
  @MaxLength(200)
  externalId!: string;

  @ApiProperty({ description: 'In the currency’s major unit; negative for a refund', example: 42.5 })
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 4 })
  amount!: number;

  @ApiProperty({ description: 'ISO 4217', example: 'EUR' })
  @Matches(/^[A-Z]{3}$/)
  currency!: string;

  @ApiProperty({ example: '2026-03-01T09:30:00Z' })
  @IsISO8601({ strict: true })
  occurredAt!: string;

  @ApiPropertyOptional({ example: 'Berlin Mitte' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  store?: string;

  @ApiPropertyOptional({ description: 'Where it happened: a store till, the web shop, an app', example: 'pos' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  channel?: string;
}

export class SetLoyaltyDto {
  @ApiProperty({ example: 1250 })
  @IsInt()
  @Min(0)
  points!: number;

  @ApiProperty({ nullable: true, description: 'The tier’s name in the program; null: no tier yet', example: 'gold' })
  @ValidateIf((_dto, value) => value !== null)
  @IsString()
  @MaxLength(100)
  tier!: string | null;

  @ApiProperty({ description: 'Orders the tiers: higher is better (a merge keeps the higher tier)', example: 3 })
  @IsInt()
  @Min(0)
  tierRank!: number;

  @ApiProperty({ description: 'Progress towards the next tier (a merge adds both customers’)', example: 320 })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  tierProgress!: number;
}

export class PutNumberedAssetDto {
  @ApiProperty({ description: 'The balance in the program’s unit (money for gift cards and house accounts)' })
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 4 })
  balance!: number;

  @ApiProperty({ enum: ASSET_STATUSES })
  @IsIn(ASSET_STATUSES)
  status!: AssetStatus;
}

export class TransactionView {
  @ApiProperty() externalId!: string;
  @ApiProperty() amount!: number;
  @ApiProperty() currency!: string;
  @ApiProperty() occurredAt!: string;
  @ApiPropertyOptional() store?: string;
  @ApiPropertyOptional() channel?: string;
}

export class LoyaltyView {
  @ApiProperty() points!: number;
  @ApiProperty({ type: String, nullable: true }) tier!: string | null;
  @ApiProperty() tierRank!: number;
  @ApiProperty() tierProgress!: number;
}

export class NumberedAssetView {
  @ApiProperty() number!: string;
  @ApiProperty() balance!: number;
  @ApiProperty({ enum: ASSET_STATUSES }) status!: AssetStatus;
}

export class CustomerAssets {
  @ApiProperty() customerId!: string;
  @ApiProperty({ type: LoyaltyView, nullable: true, description: 'null: not a member of the loyalty program' })
  loyalty!: LoyaltyView | null;
  @ApiProperty({ type: [NumberedAssetView] }) rewardCards!: NumberedAssetView[];
  @ApiProperty({ type: [NumberedAssetView] }) giftCards!: NumberedAssetView[];
  @ApiProperty({ type: [NumberedAssetView] }) houseAccounts!: NumberedAssetView[];
  @ApiProperty({ type: [TransactionView], description: 'The latest 50, newest first' })
  transactions!: TransactionView[];
}

export class AssetsMergePreviewQueryDto {
  @ApiProperty({ description: 'The profile that would be merged into this one (removed)' })
  @Matches(/^[0-9a-f]{24}$/)
  victimId!: string;
}

export class AssetsMergePreview {
  @ApiProperty({ type: CustomerAssets, description: 'What the removed profile brings (its latest 50 transactions)' })
  moving!: CustomerAssets;

  @ApiProperty({
    type: CustomerAssets,
    description:
      'The kept profile’s assets after the merge: loyalty added up (points and tier progress summed, the higher tier)',
  })
  after!: CustomerAssets;
}
