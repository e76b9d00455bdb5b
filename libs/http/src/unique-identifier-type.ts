import { Matches, type ValidationOptions } from 'class-validator';

/** A unique identifier type (`loyaltyCard`, `crmId`), unanchored so that longer patterns can embed it. */
export const UNIQUE_IDENTIFIER_TYPE_PATTERN = '[A-Za-z][A-Za-z0-9_-]{0,39}';

export const UNIQUE_IDENTIFIER_TYPE = new RegExp(`^${UNIQUE_IDENTIFIER_TYPE_PATTERN}$`);

export const IsUniqueIdentifierType = (options?: ValidationOptions): PropertyDecorator =>
  Matches(UNIQUE_IDENTIFIER_TYPE, {
    message: '$property must start with a letter, then up to 39 letters, digits, _ or -',
    ...options,
  });
