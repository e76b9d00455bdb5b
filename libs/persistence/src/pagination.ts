import { Types } from 'mongoose';

/**
 * Where a page ends: the sort value of its last item (absent when a list is ordered by id alone) and its id, which
 * breaks ties so that items sharing a time are neither repeated nor skipped.
 */
export interface PageKey {
  at?: Date;
  id: Types.ObjectId;
}

/** Where a page of a list ordered by score, highest first, then id, newest first, ends. */
export interface ScoreKey {
  score: number;
  id: Types.ObjectId;
}

export interface PageRequest<Key = PageKey> {
  /** The key of the last item of the previous page; absent for the first page. */
  after?: Key;
  limit: number;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export type SortDirection = 1 | -1;

export class InvalidCursorError extends Error {
  constructor() {
    super('the cursor is not one this list handed out');
    this.name = 'InvalidCursorError';
  }
}

const CURSOR_TEXT = /^(?:(-?\d{1,16})_)?([0-9a-f]{24})$/;
const BASE64URL = /^[A-Za-z0-9_-]{1,64}$/;

const SCORE_CURSOR_TEXT = /^s(\d{1,3}(?:\.\d{1,20})?(?:e-\d{1,3})?)_([0-9a-f]{24})$/;

/** An opaque cursor: base64url of `<epoch ms>_<id>` (or of the id alone), or of `s<score>_<id>`. */
export function encodeCursor(key: PageKey | ScoreKey): string {
  const text =
    'score' in key
      ? `s${key.score}_${key.id.toHexString()}`
      : key.at
        ? `${key.at.getTime()}_${key.id.toHexString()}`
        : key.id.toHexString();
  return Buffer.from(text, 'utf8').toString('base64url');
}

/** The key a cursor of a list ordered by score names. */
export function decodeScoreCursor(cursor: string): ScoreKey {
  if (!BASE64URL.test(cursor)) throw new InvalidCursorError();
  const match = SCORE_CURSOR_TEXT.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) throw new InvalidCursorError();
  return { score: Number(match[1]), id: new Types.ObjectId(match[2]) };
}

/** The filter of the items after `key` in the order score, then `_id`, both descending. */
export function afterScoreKey(key: ScoreKey): Record<string, unknown> {
  return { $or: [{ score: { $lt: key.score } }, { score: key.score, _id: { $lt: key.id } }] };
}

/** The key a cursor names; `dated` says whether the list is ordered by a time before its id. */
export function decodeCursor(cursor: string, dated: boolean): PageKey {
  if (!BASE64URL.test(cursor)) throw new InvalidCursorError();
  const match = CURSOR_TEXT.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match || (match[1] !== undefined) !== dated) throw new InvalidCursorError();
  const id = new Types.ObjectId(match[2]);
  if (!dated) return { id };
  const at = new Date(Number(match[1]));
  if (Number.isNaN(at.getTime())) throw new InvalidCursorError();
  return { at, id };
}

/**
 * The filter of the items after `key` in the order (`field`, `_id`) both `direction`; by `_id` alone without a
 * field. Combine it with other conditions under `$and`: it may be an `$or`.
 */
export function afterKey(key: PageKey, direction: SortDirection, field?: string): Record<string, unknown> {
  const beyond = direction === 1 ? '$gt' : '$lt';
  if (!field) return { _id: { [beyond]: key.id } };
  if (!key.at) throw new InvalidCursorError();
  return { $or: [{ [field]: { [beyond]: key.at } }, { [field]: key.at, _id: { [beyond]: key.id } }] };
}

/**
 * A page from up to `limit + 1` rows read in order: the extra row only says that another page follows, and the
 * cursor names the last row shown.
 */
export function toPage<T>(rows: T[], limit: number, keyOf: (row: T) => PageKey | ScoreKey): Page<T> {
  const items = rows.slice(0, limit);
  const more = rows.length > limit && items.length > 0;
  return { items, nextCursor: more ? encodeCursor(keyOf(items[items.length - 1])) : null };
}

/** The same page with its items converted (documents to views). */
export function mapPage<T, U>(page: Page<T>, convert: (item: T) => U): Page<U> {
  return { items: page.items.map(convert), nextCursor: page.nextCursor };
}
