import { Types } from 'mongoose';

const DUPLICATE_KEY = 11000;

/** A write refused by a unique index: the way uniqueness races are decided. */
export function isDuplicateKeyError(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === DUPLICATE_KEY;
}

const OBJECT_ID_HEX = /^[0-9a-f]{24}$/i;

/**
 * An id as the API shows it (24 hex digits). mongoose's own check also accepts any 12-character string, which an
 * API id never is; anything else is simply not found, like another tenant's id.
 */
export function parseObjectId(id: string): Types.ObjectId | undefined {
  return OBJECT_ID_HEX.test(id) ? new Types.ObjectId(id) : undefined;
}
