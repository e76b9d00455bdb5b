import { ValidateBy, type ValidationOptions } from 'class-validator';
import type { MergePicks } from '@app/domain';
import { UNIQUE_IDENTIFIER_TYPE_PATTERN } from '@app/http';

const PICKABLE_FIELD = new RegExp(`^(?:name|kind|uniqueIdentifiers\\.${UNIQUE_IDENTIFIER_TYPE_PATTERN})$`);
const OBJECT_ID = /^[0-9a-f]{24}$/i;
const MAX_PICKS = 100;

/** `{ field: customerId }` with fields a merge can pick (`name`, `kind`, `uniqueIdentifiers.<type>`). */
export function isMergePicks(value: unknown): value is MergePicks {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const entries = Object.entries(value);
  return (
    entries.length <= MAX_PICKS &&
    entries.every(
      ([field, customerId]) =>
        PICKABLE_FIELD.test(field) && typeof customerId === 'string' && OBJECT_ID.test(customerId),
    )
  );
}

export const IsMergePicks = (options?: ValidationOptions): PropertyDecorator =>
  ValidateBy(
    {
      name: 'isMergePicks',
      validator: {
        validate: isMergePicks,
        defaultMessage: () =>
          '$property maps fields (name, kind, uniqueIdentifiers.<type>) to the id of the customer whose value wins',
      },
    },
    options,
  );

export const PICKS_DESCRIPTION =
  'Per conflicting field (`name`, `kind`, `uniqueIdentifiers.<type>`), the id of the customer whose value wins; ' +
  'without a pick the survivor’s value wins';
