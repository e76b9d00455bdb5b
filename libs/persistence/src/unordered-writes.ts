import { mongo, type Model } from 'mongoose';

/** The outcome of one operation of an unordered write: done (and whether it inserted), or refused on its own. */
export type WriteOutcome = { done: true; inserted: boolean } | { done: false; error: Error };

interface DriverWriteError {
  index: number;
  code?: number;
  errmsg?: string;
  err?: Record<string, unknown>;
}

interface MongooseOutcomes {
  /** By the caller's index: mongoose's refusal (an Error), the server's (a WriteError), or the outcome. */
  results?: unknown[];
}

interface BulkFailure {
  writeErrors?: DriverWriteError[];
  writeConcernError?: unknown;
  result?: { insertedCount?: number; matchedCount?: number; upsertedCount?: number; upsertedIds?: object };
  mongoose?: MongooseOutcomes;
}

/**
 * A per-document write error as an Error (the driver's WriteError is not one), keeping its code; without the
 * document it refused, which would otherwise end up in logs.
 */
function asError(writeError: DriverWriteError): Error {
  return new mongo.MongoServerError({ errmsg: writeError.errmsg, code: writeError.code, index: writeError.index });
}

/**
 * mongoose refuses some operations itself (validation, cast) before sending the others; its refusals are Errors,
 * the server's are the driver's WriteErrors, which are not.
 */
const refusedBeforeSending = (outcome: unknown): boolean => outcome instanceof Error;

/** The indexes of the operations mongoose sent, in order: the driver's answer counts only these. */
function sentIndexes(count: number, outcomes: unknown[] | undefined): number[] {
  const sent: number[] = [];
  for (let index = 0; index < count; index += 1) if (!refusedBeforeSending(outcomes?.[index])) sent.push(index);
  return sent;
}

/**
 * Runs an unordered bulk write and answers each operation's outcome. Per-operation refusals (a duplicate key, a
 * value mongoose cannot cast) fail only their operation. Anything that leaves the outcome of some operation unknown
 * (no server answer, a write concern error, counts that do not add up) throws, so every caller retries: an
 * acknowledged write is never reported for an operation that may not have happened.
 */
export async function unorderedBulkWrite<T>(
  model: Model<T>,
  operations: Parameters<Model<T>['bulkWrite']>[0],
): Promise<WriteOutcome[]> {
  let result: { upsertedIds?: object; mongoose?: MongooseOutcomes };
  let writeErrors: DriverWriteError[] = [];
  let sent: number[];
  try {
    result = (await model.bulkWrite(operations, { ordered: false })) as typeof result;
    sent = sentIndexes(operations.length, result.mongoose?.results);
  } catch (error) {
    const failure = error as BulkFailure;
    if (!failure.writeErrors?.length || failure.writeConcernError || !failure.result) throw error;
    sent = sentIndexes(operations.length, failure.mongoose?.results);
    const { matchedCount = 0, upsertedCount = 0 } = failure.result;
    if (matchedCount + upsertedCount + failure.writeErrors.length !== sent.length) throw error;
    result = { upsertedIds: failure.result.upsertedIds, mongoose: failure.mongoose };
    writeErrors = failure.writeErrors;
  }
  const refused = result.mongoose?.results;
  const outcomes: WriteOutcome[] = operations.map((_, index) => {
    const refusal = refused?.[index];
    return refusal instanceof Error ? { done: false, error: refusal } : { done: true, inserted: false };
  });
  const upserted = result.upsertedIds ?? {};
  sent.forEach((index, position) => {
    outcomes[index] = { done: true, inserted: position in upserted };
  });
  for (const writeError of writeErrors) {
    outcomes[sent[writeError.index]] = { done: false, error: asError(writeError) };
  }
  return outcomes;
}

/**
 * Runs an unordered insertMany, validated and cast by mongoose as `create` would, and answers each document's
 * outcome: the stored document, or the error that refused it alone (a duplicate key, a validation error). As for
 * bulk writes, an outcome that is not known for every document throws.
 */
export async function unorderedInsert<T>(
  model: Model<T>,
  documents: object[],
): Promise<({ done: true; document: unknown } | { done: false; error: Error })[]> {
  let results: unknown[];
  try {
    const inserted = (await model.insertMany(documents, { ordered: false, rawResult: true })) as unknown as {
      insertedCount: number;
      mongoose?: MongooseOutcomes;
    };
    results = inserted.mongoose?.results ?? [];
    if (results.length !== documents.length) throw new Error('insertMany did not answer every document');
  } catch (error) {
    const failure = error as BulkFailure;
    const answered = failure.mongoose?.results;
    if (!failure.writeErrors?.length || failure.writeConcernError || !failure.result || !answered) throw error;
    const sent = answered.filter((outcome) => !refusedBeforeSending(outcome)).length;
    // At least, not exactly: mongo-java-server counts refused documents as inserted too (MongoDB does not).
    if ((failure.result.insertedCount ?? 0) + failure.writeErrors.length < sent) throw error;
    results = answered;
  }
  return results.map((outcome) => {
    if (outcome instanceof model) return { done: true, document: outcome.toObject() };
    if (outcome instanceof Error) return { done: false, error: outcome };
    return { done: false, error: asError(outcome as DriverWriteError) };
  });
}
