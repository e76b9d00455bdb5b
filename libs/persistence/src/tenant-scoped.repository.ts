import { Types, type Model, type QueryFilter, type UpdateQuery } from 'mongoose';
import { Coalescer, groupBy, ItemFailure } from './coalescer.js';
import { isDuplicateKeyError, parseObjectId } from './mongo-errors.js';
import { unorderedBulkWrite, unorderedInsert } from './unordered-writes.js';

export type TenantId = string | Types.ObjectId;

/** Every query of a tenant-owned collection must name its tenant: the compiler refuses one without it. */
export interface TenantScope {
  tenantId: TenantId;
}

export type TenantQuery<T> = QueryFilter<T> & TenantScope;

export interface TenantOwned {
  _id: Types.ObjectId;
  tenantId: Types.ObjectId;
}

/** A document as it is read: a plain object (lean), never a live mongoose document. */
export type Stored<T> = T & { _id: Types.ObjectId };

/** An update of the document its filter selects; the filter is scoped to its tenant. */
export interface ScopedUpdate<T> {
  filter: QueryFilter<T>;
  update: UpdateQuery<T>;
}

/**
 * The tenant id as an ObjectId, for queries mongoose does not cast (aggregation stages, the driver's collections).
 * A malformed id throws.
 */
export function tenantObjectId(tenantId: TenantId): Types.ObjectId {
  return typeof tenantId === 'string' ? new Types.ObjectId(tenantId) : tenantId;
}

export class MissingTenantError extends Error {
  constructor(model: string) {
    super(`query on ${model} without tenantId`);
  }
}

/**
 * The queries every repository of a tenant-owned collection shares. The `tenantId` is required by the types and
 * checked again at run time, so a cast cannot smuggle an unscoped query through. It offers no public write, so an
 * append-only collection (the audit trail) extends it alone; the others extend `TenantScopedRepository`.
 */
export abstract class TenantScopedCollection<T extends TenantOwned> {
  protected constructor(protected readonly model: Model<T>) {}

  protected scoped(query: TenantQuery<T>): QueryFilter<T> {
    if (!query.tenantId) throw new MissingTenantError(this.model.modelName);
    return query as QueryFilter<T>;
  }

  async findById(tenantId: TenantId, id: string): Promise<Stored<T> | null> {
    const _id = parseObjectId(id);
    return _id ? this.findOne({ tenantId, _id } as TenantQuery<T>) : null;
  }

  async findOne(query: TenantQuery<T>): Promise<Stored<T> | null> {
    return (await this.model.findOne(this.scoped(query)).lean<Stored<T>>().exec()) ?? null;
  }

  async find(
    query: TenantQuery<T>,
    options: { limit?: number; sort?: Record<string, 1 | -1> } = {},
  ): Promise<Stored<T>[]> {
    let cursor = this.model.find(this.scoped(query)).sort(options.sort ?? { _id: 1 });
    if (options.limit) cursor = cursor.limit(options.limit);
    return cursor.lean<Stored<T>[]>().exec();
  }

  async count(query: TenantQuery<T>): Promise<number> {
    return this.model.countDocuments(this.scoped(query)).exec();
  }

  /**
   * Inserts that coalesce the calls of one event-loop turn into one unordered `insertMany` (validated and cast by
   * mongoose as `create` would). Each call answers its stored document, or undefined when a unique index refused it
   * (a duplicate); any other failure of a document fails its call alone.
   */
  protected coalescedInsert<N extends TenantScope>(name: string): Coalescer<N, Stored<T> | undefined> {
    return new Coalescer<N, Stored<T> | undefined>(`${this.model.modelName}.${name}`, async (documents) => {
      const outcomes = await unorderedInsert(this.model, documents);
      return outcomes.map((outcome) => {
        if (outcome.done) return outcome.document as Stored<T>;
        return isDuplicateKeyError(outcome.error) ? undefined : new ItemFailure(outcome.error);
      });
    });
  }

  /**
   * Updates, or upserts when `upsert`, that coalesce the calls of one event-loop turn into one unordered bulk write.
   * Each call answers whether it inserted the document; an update mongoose or the server refuses fails its call
   * alone.
   */
  protected coalescedUpdate(name: string, { upsert }: { upsert: boolean }): Coalescer<ScopedUpdate<T>, boolean> {
    return new Coalescer(`${this.model.modelName}.${name}`, (inputs) => this.updateEach(inputs, upsert));
  }

  /**
   * Upserts that answer the document after their update. Alone, a call is one `findOneAndUpdate`; the calls of one
   * event-loop turn are one unordered bulk write and one read of all their documents. `keyOf` names a document, and
   * the filter that selects it, by the unique key the filters select on. A losing concurrent insert (duplicate key)
   * is done again, and then updates the winner's document.
   */
  protected coalescedUpsert(
    name: string,
    keyOf: (documentOrFilter: Record<string, unknown>) => string,
  ): Coalescer<ScopedUpdate<T>, Stored<T>> {
    const upsertOne = async ({ filter, update }: ScopedUpdate<T>) => {
      const run = () =>
        this.model.findOneAndUpdate(filter, update, { upsert: true, returnDocument: 'after' }).lean<Stored<T>>().exec();
      try {
        return await run();
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
        return run();
      }
    };
    return new Coalescer(`${this.model.modelName}.${name}`, async (inputs) => {
      if (inputs.length === 1) return [await upsertOne(inputs[0]).catch((error: unknown) => new ItemFailure(error))];
      const updated = await this.updateEach(inputs, true);
      const written = inputs.filter((_, index) => !(updated[index] instanceof ItemFailure));
      const found = written.length
        ? await this.model
            .find({ $or: written.map(({ filter }) => filter) } as QueryFilter<T>)
            .lean<Stored<T>[]>()
            .exec()
        : [];
      const byKey = new Map(found.map((document) => [keyOf(document as unknown as Record<string, unknown>), document]));
      return inputs.map((input, index) => {
        const outcome = updated[index];
        if (outcome instanceof ItemFailure) return outcome;
        return (
          byKey.get(keyOf(input.filter as Record<string, unknown>)) ??
          new ItemFailure(new Error('upserted document not found'))
        );
      });
    });
  }

  /**
   * One unordered bulk write of the updates, answering for each whether it inserted, or its own refusal. An upsert
   * that lost a concurrent insert (duplicate key) is done again alone: the winner's document now matches its filter.
   */
  private async updateEach(inputs: ScopedUpdate<T>[], upsert: boolean): Promise<(boolean | ItemFailure)[]> {
    const outcomes = await unorderedBulkWrite(
      this.model,
      inputs.map(({ filter, update }) => ({ updateOne: { filter, update, upsert } })),
    );
    return Promise.all(
      outcomes.map(async (outcome, index) => {
        if (outcome.done) return outcome.inserted;
        if (!upsert || !isDuplicateKeyError(outcome.error)) return new ItemFailure(outcome.error);
        const { filter, update } = inputs[index];
        try {
          const again = await this.model.updateOne(filter, update, { upsert }).exec();
          return again.upsertedCount > 0;
        } catch (error) {
          return new ItemFailure(error);
        }
      }),
    );
  }

  /**
   * Calls of one event-loop turn coalesced into one operation per tenant: `run` answers the inputs of one tenant, one
   * output each, in order. A tenant's failed operation fails its own calls, not the other tenants'.
   */
  protected coalescedPerTenant<I extends TenantScope, O>(
    name: string,
    run: (tenantId: TenantId, inputs: I[]) => Promise<O[]>,
  ): Coalescer<I, O> {
    return new Coalescer<I, O>(`${this.model.modelName}.${name}`, async (inputs) => {
      const answers: (O | ItemFailure)[] = new Array(inputs.length);
      const groups = groupBy(inputs, (input) => String(input.tenantId));
      await Promise.all(
        [...groups.values()].map(async (group) => {
          try {
            const tenantInputs = group.map(({ input }) => input);
            const outputs = await run(tenantInputs[0].tenantId, tenantInputs);
            for (const [position, { index }] of group.entries()) answers[index] = outputs[position];
          } catch (error) {
            for (const { index } of group) answers[index] = new ItemFailure(error);
          }
        }),
      );
      return answers;
    });
  }

  /**
   * A lookup of documents by the values of one field that coalesces the calls of one event-loop turn into one `$in`
   * query per tenant. Each call answers the documents holding its value (`valueOf` reads it from a document).
   */
  protected coalescedLookup(
    name: string,
    field: string,
    valueOf: (document: Stored<T>) => string,
  ): Coalescer<TenantScope & { value: string | Types.ObjectId }, Stored<T>[]> {
    return this.coalescedPerTenant(
      name,
      async (tenantId, inputs: (TenantScope & { value: string | Types.ObjectId })[]) => {
        const values = new Map(inputs.map(({ value }) => [String(value), value]));
        const found = await this.find({ tenantId, [field]: { $in: [...values.values()] } } as TenantQuery<T>);
        const byValue = new Map<string, Stored<T>[]>();
        for (const document of found) {
          const holders = byValue.get(valueOf(document)) ?? [];
          holders.push(document);
          byValue.set(valueOf(document), holders);
        }
        return inputs.map(({ value }) => byValue.get(String(value)) ?? []);
      },
    );
  }
}

/** Base of the repositories of tenant-owned collections whose documents change. */
export abstract class TenantScopedRepository<T extends TenantOwned> extends TenantScopedCollection<T> {
  async updateOne(query: TenantQuery<T>, update: UpdateQuery<T>): Promise<boolean> {
    const result = await this.model.updateOne(this.scoped(query), update).exec();
    return result.matchedCount > 0;
  }
}
