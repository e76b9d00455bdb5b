import type { MergePicks } from '@app/domain';
import type { MergePreview } from '../suggestions/types';

export type { MergePicks } from '@app/domain';
export type MergeConflict = MergePreview['conflicts'][number];
type MergedFields = MergePreview['result'];

/** The prefix of a unique identifier type's field: one field per type. */
export const IDENTIFIER_FIELD = 'uniqueIdentifiers.';

/** A field of the result written as the preview writes a conflict's values (identifiers sorted, comma-separated). */
export function resultValue(field: string, result: MergedFields): string | undefined {
  if (field === 'name') return result.name ?? undefined;
  if (field === 'kind') return result.kind;
  if (!field.startsWith(IDENTIFIER_FIELD)) return undefined;
  const type = field.slice(IDENTIFIER_FIELD.length);
  const values = result.uniqueIdentifiers.filter((identifier) => identifier.type === type);
  return values.length > 0
    ? values
        .map((identifier) => identifier.value)
        .sort()
        .join(', ')
    : undefined;
}

/** Whose value of a conflicting field wins: the agent's pick, else the holder of the value the result shows. */
export function chosenHolder(conflict: MergeConflict, result: MergedFields, picks: MergePicks): string | undefined {
  const picked = picks[conflict.field as keyof MergePicks];
  if (picked && conflict.values.some((value) => value.customerId === picked)) return picked;
  const kept = resultValue(conflict.field, result);
  return conflict.values.find((value) => value.value === kept)?.customerId;
}

/** How a conflicting field is named to an agent. */
export function fieldLabel(field: string): string {
  if (field === 'name') return 'Name';
  if (field === 'kind') return 'Kind';
  return field.startsWith(IDENTIFIER_FIELD) ? `Unique identifier ${field.slice(IDENTIFIER_FIELD.length)}` : field;
}

/** How a conflicting value reads: kinds as words, everything else as the api writes it. */
export function valueLabel(field: string, value: string): string {
  if (field !== 'kind') return value;
  return value === 'member' ? 'Member' : value === 'contact' ? 'Contact' : value;
}
