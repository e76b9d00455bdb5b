import { Types } from 'mongoose';

const DUPLICATE_KEY = 11000;

/** A write refused by a unique index: the way uniqueness races are decided. */
export function isDuplicateKeyError(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === DUPLICATE_KEY;
}

/** The driver's errors for a database it cannot reach (as opposed to one that refused the operation). */
const UNREACHABLE = new Set([
  'MongoServerSelectionError',
  'MongooseServerSelectionError',
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoNotConnectedError',
  'MongoTopologyClosedError',
  'MongoPoolClearedError',
  // The driver's own subclasses name themselves differently from the class they extend.
  'PoolClearedOnNetworkError',
  'MongoPoolClosedError',
  'MongoWaitQueueTimeoutError',
  'MongoServerClosedError',
  'MongoOperationTimeoutError',
]);

/**
 * The database could not be reached: the driver found no server, lost its connection, or mongoose gave up waiting
 * for one (`… buffering timed out …`). Callers answer 503 so the sender retries, rather than 500.
 */
export function isDatabaseUnreachableError(error: unknown, depth = 0): boolean {
  const { name, message, cause } = (error ?? {}) as { name?: unknown; message?: unknown; cause?: unknown };
  if (typeof name === 'string' && UNREACHABLE.has(name)) return true;
  if (name === 'MongooseError' && typeof message === 'string' && message.includes('buffering timed out')) return true;
  // A driver error wrapped by the code that met it (a cache, a batch) still means the same.
  return depth < 3 && cause !== undefined && isDatabaseUnreachableError(cause, depth + 1);
}

const OBJECT_ID_HEX = /^[0-9a-f]{24}$/i;

/**
 * An id as the API shows it (24 hex digits). mongoose's own check also accepts any 12-character string, which an
 * API id never is; anything else is simply not found, like another tenant's id.
 */
export function parseObjectId(id: string): Types.ObjectId | undefined {
  return OBJECT_ID_HEX.test(id) ? new Types.ObjectId(id) : undefined;
}
