import type { Model } from 'mongoose';
import { unorderedBulkWrite, unorderedInsert } from './unordered-writes.js';

/** The driver's per-operation error: not an Error (which is how mongoose's own refusals are told apart). */
class FakeWriteError {
  constructor(
    readonly index: number,
    readonly code: number,
    readonly errmsg = 'E11000 duplicate key error',
  ) {}
}

function bulkFailure(fields: Record<string, unknown>): Error {
  return Object.assign(new Error('bulk write failed'), fields);
}

const bulkModel = (bulkWrite: () => Promise<unknown>) => ({ bulkWrite }) as unknown as Model<object>;
const operations = (count: number) =>
  Array.from({ length: count }, () => ({ updateOne: { filter: {}, update: {}, upsert: true } }));

describe('unorderedBulkWrite', () => {
  it('answers which operations inserted', async () => {
    const model = bulkModel(() => Promise.resolve({ upsertedIds: { 1: 'b' } }));
    await expect(unorderedBulkWrite(model, operations(3))).resolves.toEqual([
      { done: true, inserted: false },
      { done: true, inserted: true },
      { done: true, inserted: false },
    ]);
  });

  it('fails only the operations the server refused, mapped past those mongoose refused before sending', async () => {
    const castError = new Error('Cast to ObjectId failed');
    const model = bulkModel(() =>
      Promise.reject(
        bulkFailure({
          // Sent: operations 0, 2 and 3 (positions 0, 1, 2); the server refused position 1, that is operation 2.
          writeErrors: [new FakeWriteError(1, 11000)],
          result: { matchedCount: 1, upsertedCount: 1, upsertedIds: { 2: 'd' } },
          mongoose: { results: [null, castError, new FakeWriteError(1, 11000), null] },
        }),
      ),
    );
    const outcomes = await unorderedBulkWrite(model, operations(4));
    expect(outcomes[0]).toEqual({ done: true, inserted: false });
    expect(outcomes[1]).toEqual({ done: false, error: castError });
    expect(outcomes[2]).toMatchObject({ done: false, error: { code: 11000 } });
    expect((outcomes[2] as { error: Error }).error).toBeInstanceOf(Error);
    expect(outcomes[3]).toEqual({ done: true, inserted: true });
  });

  it.each([
    ['no server answer (no per-operation errors)', { writeErrors: [], result: { matchedCount: 0, upsertedIds: {} } }],
    [
      'a write concern error',
      { writeErrors: [new FakeWriteError(0, 11000)], writeConcernError: { code: 64 }, result: { matchedCount: 1 } },
    ],
    [
      'counts that do not add up',
      { writeErrors: [new FakeWriteError(0, 11000)], result: { matchedCount: 0, upsertedCount: 0, upsertedIds: {} } },
    ],
  ])('throws for every operation when the outcome is unknown: %s', async (_case, fields) => {
    const failure = bulkFailure(fields);
    await expect(
      unorderedBulkWrite(
        bulkModel(() => Promise.reject(failure)),
        operations(2),
      ),
    ).rejects.toBe(failure);
  });
});

describe('unorderedInsert', () => {
  class FakeModel {
    static insertMany: () => Promise<unknown>;
    constructor(readonly fields: Record<string, unknown>) {}
    toObject() {
      return this.fields;
    }
  }
  const model = FakeModel as unknown as Model<object>;

  it('answers each stored document, and the refusal of the others', async () => {
    const invalid = new Error('validation failed');
    FakeModel.insertMany = () =>
      Promise.reject(
        bulkFailure({
          writeErrors: [new FakeWriteError(1, 11000)],
          result: { insertedCount: 1 },
          mongoose: { results: [new FakeModel({ n: 1 }), new FakeWriteError(1, 11000), invalid] },
        }),
      );
    const outcomes = await unorderedInsert(model, [{}, {}, {}]);
    expect(outcomes[0]).toEqual({ done: true, document: { n: 1 } });
    expect(outcomes[1]).toMatchObject({ done: false, error: { code: 11000 } });
    expect(outcomes[2]).toEqual({ done: false, error: invalid });
  });

  it.each([
    ['no server answer', { writeErrors: [], result: { insertedCount: 0 }, mongoose: { results: [] } }],
    [
      'counts that do not add up (a later batch never answered)',
      {
        writeErrors: [new FakeWriteError(0, 11000)],
        result: { insertedCount: 0 },
        mongoose: { results: [new FakeWriteError(0, 11000), new FakeModel({ n: 2 })] },
      },
    ],
  ])('throws for every document when the outcome is unknown: %s', async (_case, fields) => {
    const failure = bulkFailure(fields);
    FakeModel.insertMany = () => Promise.reject(failure);
    await expect(unorderedInsert(model, [{}, {}])).rejects.toBe(failure);
  });
});
