import { describe, expect, it } from '@jest/globals';
import { Types } from 'mongoose';
import {
  afterKey,
  afterScoreKey,
  decodeCursor,
  decodeScoreCursor,
  encodeCursor,
  InvalidCursorError,
  toPage,
  type PageKey,
} from './pagination.js';

const id = new Types.ObjectId('64d0c0ffee00000000000001');
const at = new Date('2026-03-01T12:00:00.250Z');
const base64url = (text: string): string => Buffer.from(text, 'utf8').toString('base64url');

describe('encodeCursor / decodeCursor', () => {
  it.each<[string, PageKey, boolean]>([
    ['an id', { id }, false],
    ['a time and an id', { at, id }, true],
    ['a time before 1970', { at: new Date(-86_400_000), id }, true],
  ])('round-trips %s', (_case, key, dated) => {
    const cursor = encodeCursor(key);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor, dated)).toEqual(key);
  });

  it.each([
    ['empty', '', false],
    ['not base64url', 'a+b/c=', false],
    ['too long', 'A'.repeat(65), false],
    ['base64url of garbage', base64url('hello'), false],
    ['an id that is too short', base64url('64d0c0ffee0000000000001'), false],
    ['upper-case hex (never handed out)', base64url('64D0C0FFEE00000000000001'), false],
    ['a dated cursor where ids are expected', encodeCursor({ at, id }), false],
    ['an id cursor where a time is expected', encodeCursor({ id }), true],
    ['a time that is no date', base64url(`9999999999999999_${id.toHexString()}`), true],
    ['a time that is no number', base64url(`12x_${id.toHexString()}`), true],
  ])('refuses %s', (_case, cursor, dated) => {
    expect(() => decodeCursor(cursor, dated)).toThrow(InvalidCursorError);
  });
});

describe('score cursors', () => {
  it.each([0, 1, 0.85, 0.1 + 0.2, 1e-7])('round-trips the score %d exactly', (score) => {
    const cursor = encodeCursor({ score, id });
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeScoreCursor(cursor)).toEqual({ score, id });
  });

  it.each([
    ['an id cursor', encodeCursor({ id })],
    ['a dated cursor', encodeCursor({ at, id })],
    ['a negative score', base64url(`s-1_${id.toHexString()}`)],
    ['a score that is no number', base64url(`sabc_${id.toHexString()}`)],
    ['not base64url', 's0.5+x'],
  ])('refuses %s', (_case, cursor) => {
    expect(() => decodeScoreCursor(cursor)).toThrow(InvalidCursorError);
  });

  it('is no cursor of a list ordered by time or id', () => {
    const cursor = encodeCursor({ score: 0.5, id });
    expect(() => decodeCursor(cursor, true)).toThrow(InvalidCursorError);
    expect(() => decodeCursor(cursor, false)).toThrow(InvalidCursorError);
  });

  it('names the rows after the key: lower scores, then older ids of the same score', () => {
    expect(afterScoreKey({ score: 0.8, id })).toEqual({
      $or: [{ score: { $lt: 0.8 } }, { score: 0.8, _id: { $lt: id } }],
    });
  });
});

describe('afterKey', () => {
  it.each([
    ['by id, descending', { id }, -1, undefined, { _id: { $lt: id } }],
    ['by id, ascending', { id }, 1, undefined, { _id: { $gt: id } }],
    [
      'by time then id, ascending',
      { at, id },
      1,
      'sentAt',
      { $or: [{ sentAt: { $gt: at } }, { sentAt: at, _id: { $gt: id } }] },
    ],
    [
      'by time then id, descending',
      { at, id },
      -1,
      'lastMessageAt',
      { $or: [{ lastMessageAt: { $lt: at } }, { lastMessageAt: at, _id: { $lt: id } }] },
    ],
  ] as const)('%s', (_case, key, direction, field, filter) => {
    expect(afterKey(key, direction, field)).toEqual(filter);
  });

  it('refuses a key without time for a timed order', () => {
    expect(() => afterKey({ id }, 1, 'sentAt')).toThrow(InvalidCursorError);
  });
});

describe('toPage', () => {
  const rows = [1, 2, 3].map((n) => ({ n, id: new Types.ObjectId(n.toString(16).padStart(24, '0')) }));
  const keyOf = (row: (typeof rows)[number]): PageKey => ({ id: row.id });

  it.each([
    ['more rows than the limit', 2, rows, [1, 2], encodeCursor({ id: rows[1].id })],
    ['exactly the limit', 3, rows, [1, 2, 3], null],
    ['fewer rows than the limit', 5, rows, [1, 2, 3], null],
    ['no rows', 5, [], [], null],
  ])('%s', (_case, limit, input, shown, cursor) => {
    const page = toPage(input, limit, keyOf);
    expect(page.items.map((row) => row.n)).toEqual(shown);
    expect(page.nextCursor).toBe(cursor);
  });
});
