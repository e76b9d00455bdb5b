import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { UniquenessActor, UniquenessOutcome } from '@app/identity';
import type { Principal } from '@app/auth';
import { MergeBlocksView } from '../merges/merges.dto.js';

/** What the tenant's uniqueness setting did after the change (DOMAIN §6); absent when it did nothing. */
export class UniquenessOutcomeView {
  @ApiProperty({
    enum: ['merged', 'refused'],
    description:
      '`merged`: the customers sharing the enforced value were merged, the newer into the original (`survivorId`); ' +
      '`refused`: a guard, a separation (`customers_separated`: a person judged them different) or another ' +
      'journal holding them refused that merge; nothing moved',
  })
  action!: 'merged' | 'refused';
  @ApiPropertyOptional({ description: '`merged`: the merge journal (undo at POST /api/v1/merges/{id}/undo)' })
  mergeId?: string;
  @ApiProperty({ description: 'The original: the customer created first' }) survivorId!: string;
  @ApiPropertyOptional({ type: [String], description: '`merged`: the customers merged into the original' })
  victimIds?: string[];
  @ApiPropertyOptional({ description: '`merged`: false while the worker still moves things (GET the merge)' })
  finished?: boolean;
  @ApiPropertyOptional({ example: 'merge_blocked', description: '`refused`: the stable code of the refusal' })
  code?: string;
  @ApiPropertyOptional({ description: '`refused`: the explanation' }) detail?: string;
  @ApiPropertyOptional({ type: [MergeBlocksView], description: '`refused` by a guard: its reasons and remedies' })
  blocks?: MergeBlocksView[];
  @ApiPropertyOptional({
    type: [String],
    description: '`refused` as `customers_separated`: the pairs (`id:id`) judged different people, never merged here',
  })
  separatedPairs?: string[];
  @ApiPropertyOptional({ type: [String], description: '`refused`: the customers sharing the value, original first' })
  customerIds?: string[];
}

export function toUniquenessOutcomeView(outcome: UniquenessOutcome): UniquenessOutcomeView {
  return { ...outcome };
}

/** The merge's actor: the signed-in user, or the connector key (recorded with the role `connector`). */
export function uniquenessActorOf(principal: Principal): UniquenessActor {
  return principal.kind === 'user'
    ? { id: principal.userId, role: principal.role }
    : { id: principal.keyId, role: 'connector' };
}
