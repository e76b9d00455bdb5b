import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsMongoId, IsOptional } from 'class-validator';
import {
  type MergePicks,
  type MergeTrigger,
  CONTACT_TYPES,
  MERGE_TRIGGERS,
  CUSTOMER_KINDS,
  type ContactType,
  type CustomerKind,
} from '@app/domain';
import { MERGE_STATUSES, MERGE_UNDO_STEPS, type MergeStatus } from '@app/persistence';
import { IsMergePicks, PICKS_DESCRIPTION } from './merge-picks.js';

/** Several duplicates merge into one survivor at once; more than this is a job for the bulk path. */
export const MAX_VICTIMS = 50;

export class MergePreviewRequestDto {
  @ApiProperty({ description: 'The customer that is kept', example: '665f1c2e8b3a4d0012345678' })
  @IsMongoId()
  survivorId!: string;

  @ApiProperty({ type: [String], description: 'The customers that are removed, merged in this order' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_VICTIMS)
  @ArrayUnique()
  @IsMongoId({ each: true })
  victimIds!: string[];

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string' },
    description: PICKS_DESCRIPTION,
    example: { name: '665f1c2e8b3a4d0012345679' },
  })
  @IsOptional()
  @IsMergePicks()
  picks?: MergePicks;
}

export class MergeRequestDto extends MergePreviewRequestDto {
  @ApiPropertyOptional({ description: 'The suggestion this merge confirms, if any' })
  @IsOptional()
  @IsMongoId()
  suggestionId?: string;
}

export class MergeView {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: MERGE_STATUSES, description: '`running` until every step is done, then `done`' })
  status!: MergeStatus;
  @ApiProperty() survivorId!: string;
  @ApiProperty({ type: [String] }) victimIds!: string[];
  @ApiProperty({ enum: MERGE_TRIGGERS }) trigger!: MergeTrigger;
  @ApiProperty({ type: String, nullable: true }) suggestionId!: string | null;
  @ApiProperty({ description: 'The user who merged, or the connector key of the integration that did' })
  actorId!: string;
  @ApiProperty({ enum: ['user', 'connector'] }) actorKind!: 'user' | 'connector';
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'number' },
    description: 'What moved to the survivor, counted per kind when the merge was planned',
    example: { identities: 2, conversations: 3, messages: 41, contactData: 1, uniqueIdentifiers: 0 },
  })
  moved!: Record<string, number>;
  @ApiProperty({ type: [String], description: 'The journal steps done so far' }) completedSteps!: string[];
  @ApiProperty() createdAt!: string;
  @ApiProperty({ type: String, nullable: true }) finishedAt!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The undo of this merge once one started (follow it at GET /merges/{id}/undo)',
  })
  undoId!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'When its undo finished' }) undoneAt!: string | null;
}

export class MergeUndoView {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: MERGE_STATUSES, description: '`running` until every step is done, then `done`' })
  status!: MergeStatus;
  @ApiProperty({ description: 'The merge it undoes' }) mergeId!: string;
  @ApiProperty({ description: 'The customer that gives back what the merge brought it' }) survivorId!: string;
  @ApiProperty({ type: [String], description: 'The merge’s victims, customers again' }) restoredIds!: string[];
  @ApiProperty({ description: 'The supervisor who undid the merge' }) actorId!: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'number' },
    description: 'What goes back to the victims, counted when the undo was planned',
    example: { identities: 1, conversations: 3, messages: 41 },
  })
  moved!: Record<string, number>;
  @ApiProperty({ type: [String], enum: MERGE_UNDO_STEPS, description: 'The journal steps done so far' })
  completedSteps!: string[];
  @ApiProperty() createdAt!: string;
  @ApiProperty({ type: String, nullable: true }) finishedAt!: string | null;
}

export class MergeCustomerView {
  @ApiProperty() id!: string;
  @ApiProperty({ type: String, nullable: true }) name!: string | null;
  @ApiProperty({ enum: CUSTOMER_KINDS }) kind!: CustomerKind;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ type: String, nullable: true }) lastActiveAt!: string | null;
}

export class MergedContactDatumView {
  @ApiProperty({ enum: CONTACT_TYPES }) type!: ContactType;
  @ApiProperty() value!: string;
  @ApiProperty() grantsAccess!: boolean;
}

export class MergedUniqueIdentifierView {
  @ApiProperty() type!: string;
  @ApiProperty() value!: string;
}

export class MergedFieldsView {
  @ApiProperty({ type: String, nullable: true }) name!: string | null;
  @ApiProperty({ enum: CUSTOMER_KINDS }) kind!: CustomerKind;
  @ApiProperty({ type: [MergedContactDatumView], description: 'Phones, emails and cards of every profile' })
  contactData!: MergedContactDatumView[];
  @ApiProperty({ type: [MergedUniqueIdentifierView] }) uniqueIdentifiers!: MergedUniqueIdentifierView[];
  @ApiProperty({ type: String, nullable: true }) lastActiveAt!: string | null;
}

export class MergeConflictValueView {
  @ApiProperty() customerId!: string;
  @ApiProperty() value!: string;
}

export class MergeConflictView {
  @ApiProperty({ example: 'name', description: '`name`, `kind` or `uniqueIdentifiers.<type>`: the key of a pick' })
  field!: string;
  @ApiProperty({ type: [MergeConflictValueView] }) values!: MergeConflictValueView[];
}

export class MergeBlocksView {
  @ApiProperty({ description: 'The victim a guard refuses to merge into the survivor' }) victimId!: string;
  @ApiProperty({
    type: 'array',
    items: { type: 'object' },
    description:
      'Per reason: `code` (`different_unique_identifiers` with `identifierType` and both `values`, or ' +
      '`different_access_contacts` with `survivorOnly` and `victimOnly`) and the `remedies`',
  })
  blocks!: object[];
}

export class MergeWarningView {
  @ApiProperty({ example: 'both_recently_active' }) code!: string;
  @ApiProperty({ type: [String] }) customerIds!: string[];
  @ApiProperty({ type: [String] }) lastActiveAt!: string[];
}

export class MergePreview {
  @ApiProperty({ type: MergeCustomerView, description: 'The profile that is kept' }) survivor!: MergeCustomerView;
  @ApiProperty({ type: [MergeCustomerView], description: 'The profiles that are removed' })
  victims!: MergeCustomerView[];
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'number' },
    description: 'Counts of what moves to the survivor, per kind',
  })
  moves!: Record<string, number>;
  @ApiProperty({ type: MergedFieldsView, description: 'The survivor’s fields after the merge' })
  result!: MergedFieldsView;
  @ApiProperty({ type: [MergeConflictView], description: 'Fields where the profiles disagree: offer a pick' })
  conflicts!: MergeConflictView[];
  @ApiProperty({ type: [MergeBlocksView], description: 'Why the merge is refused; empty when it may go ahead' })
  blocks!: MergeBlocksView[];
  @ApiProperty({ type: [MergeWarningView], description: 'Reasons to think twice that do not refuse the merge' })
  warnings!: MergeWarningView[];
  @ApiProperty({ description: 'No guard refuses the merge' }) mergeable!: boolean;
}
