import { ApiProperty } from '@nestjs/swagger';
import { CHANNEL_KINDS, type ChannelKind } from '@app/domain';

export const LINEAGE_RELATIONS = ['merged_in', 'detached', 'detached_from'] as const;
export type LineageRelation = (typeof LINEAGE_RELATIONS)[number];

export class LineageActor {
  @ApiProperty({ description: 'The user who did it' }) id!: string;
  @ApiProperty({ type: String, nullable: true, description: 'Their name; null when no such user is left' })
  name!: string | null;
}

export class LineageProfile {
  @ApiProperty() id!: string;
  @ApiProperty({ type: String, nullable: true, description: 'Its name now, else as it was at the time' })
  name!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Set when the profile is a tombstone now: the customer it was merged into (this one, for a merge)',
  })
  mergedInto!: string | null;
}

export class LineageIdentity {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: CHANNEL_KINDS }) kind!: ChannelKind;
  @ApiProperty({ type: String, nullable: true, description: 'As written; null when anonymous or no longer stored' })
  displayAddress!: string | null;
  @ApiProperty() anonymous!: boolean;
  @ApiProperty({ type: String, nullable: true, description: 'The customer holding it now' })
  customerId!: string | null;
}

export class LineageEntry {
  @ApiProperty({
    enum: LINEAGE_RELATIONS,
    description:
      '`merged_in`: the profile was merged into this customer; `detached`: an identity left this customer for the ' +
      'profile; `detached_from`: this customer was created by detaching an identity from the profile',
  })
  relation!: LineageRelation;
  @ApiProperty({ description: 'The merge or detach' }) operationId!: string;
  @ApiProperty({ type: LineageProfile }) profile!: LineageProfile;
  @ApiProperty({
    type: [LineageIdentity],
    description: 'The identities the merge brought, or the identity the detach moved',
  })
  identities!: LineageIdentity[];
  @ApiProperty({ description: 'When it was done' }) at!: string;
  @ApiProperty({ type: LineageActor }) actor!: LineageActor;
  @ApiProperty({ type: String, nullable: true, description: 'The reason given for a detach' }) reason!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'When it was undone; null while it stands' })
  undoneAt!: string | null;
}

export class LineageChannel {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: CHANNEL_KINDS }) kind!: ChannelKind;
  @ApiProperty() name!: string;
}

export class CustomerLineage {
  @ApiProperty() customerId!: string;
  @ApiProperty({
    type: [LineageChannel],
    description: 'The channels of the customer’s identities and of the identities its entries name',
  })
  channels!: LineageChannel[];
  @ApiProperty({ type: [LineageEntry], description: 'Newest first' })
  entries!: LineageEntry[];
}
