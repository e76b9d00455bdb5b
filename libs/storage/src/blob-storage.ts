import type { Readable } from 'node:stream';

/** A stored key names nothing: the caller's bytes or stream were not found under it. */
export class BlobNotFoundError extends Error {
  constructor(key: string) {
    super(`nothing stored under ${key}`);
    this.name = 'BlobNotFoundError';
  }
}

/**
 * Where bytes too large for a job or a document live (raw inbound mail, attachments), by key. `put` resolves once
 * the bytes are durable (a crash after it keeps them) and replaces what the key held, so a re-run step that stores
 * the same key again stores one copy. The local disk is the implementation for now; an S3-compatible one can take
 * its place behind this class.
 */
export abstract class BlobStorage {
  /** Stores the bytes (or everything the stream gives) under `key`; answers how many bytes were stored. */
  abstract put(key: string, content: Buffer | Readable): Promise<{ size: number }>;

  /** The bytes under `key`; throws BlobNotFoundError when there are none. */
  abstract get(key: string): Promise<Buffer>;

  /** Removes what `key` holds; nothing stored is not an error. */
  abstract delete(key: string): Promise<void>;
}

/** Keys are paths of plain segments: letters, digits, `.`, `_`, `-`, no segment of dots only. */
export function isStorageKey(key: string): boolean {
  if (key.length === 0 || key.length > 512) return false;
  return key.split('/').every((segment) => /^[A-Za-z0-9._-]+$/.test(segment) && !/^\.+$/.test(segment));
}
