import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Types, type AnyBulkWriteOperation, type Model, type QueryFilter, type UpdateQuery } from 'mongoose';
import { isDuplicateKeyError } from '../mongo-errors.js';
import { afterKey, encodeCursor, toPage, type Page, type PageRequest } from '../pagination.js';
import { sameKeys } from '../match-keys.js';
import { escapeRegExp } from '../regex.js';
import { TenantScopedRepository, type Stored, type TenantId } from '../tenant-scoped.repository.js';
import { Customer, type ContactDatum, type UniqueIdentifier } from './customer.schema.js';
import {
  customerMatchKeys,
  exactValueKeys,
  namePrefixKey,
  nameSearchFields,
  neighbourhoodKeys,
  uniqueIdentifierKey,
} from '@app/domain';
import type { CustomerKind, MergedFields, UndoneFields } from '@app/domain';

export interface CustomerSeed {
  name?: string;
}

/** Activity recorded on a customer (`created` by this call), or refused by the tombstone it became. */
export interface RecordedActivity {
  created: boolean;
  tombstone?: Stored<Customer>;
}

/** A search: customers matching any of these. */
export interface CustomerMatch {
  /** Folded words (`nameTokens` of the term): each must begin a token of the name. */
  nameWords?: string[];
  /** The whole name, as its tokens in order (an exact match of the full name). */
  nameTokens?: string[];
  /** Normalized contact values, or patterns of them. */
  contactValues?: (string | RegExp)[];
  identifierValues?: string[];
  /** Customers found through another collection (their identities). */
  ids?: Types.ObjectId[];
}

/** The keys one contact datum gives (customerMatchKeys, one value at a time). */
function datumKeys(datum: Pick<ContactDatum, 'type' | 'value'>): string[] {
  return [...exactValueKeys(datum), ...(datum.type === 'email' ? neighbourhoodKeys(datum.value) : [])];
}

/** An agent's edit as explicit adds and removes, so that concurrent edits of other values are kept. */
export interface CustomerChanges {
  name?: string;
  kind?: CustomerKind;
  removeContactData?: Pick<ContactDatum, 'type' | 'value'>[];
  /** Added, or updated in place when the customer already holds the value (`grantsAccess` kept when absent). */
  addContactData?: (Omit<ContactDatum, 'grantsAccess'> & { grantsAccess?: boolean })[];
  /** Without a value, every value of the type. */
  removeUniqueIdentifiers?: { type: string; value?: string }[];
  /** One value per type: replaces the value the customer holds for the type. */
  setUniqueIdentifiers?: UniqueIdentifier[];
}

/** A cursor whose rest starts at the newest customer: no id is greater. */
const BEFORE_EVERY_ID = new Types.ObjectId('ffffffffffffffffffffffff');

/**
 * The rarest-looking of the words first (the longest: a word of its own beats a common first name), for the one
 * equality an index answers; the other words are checked on the candidates it gives.
 */
function longestFirst(words: string[]): string[] {
  return [...words].sort((a, b) => Array.from(b).length - Array.from(a).length);
}

/**
 * Customers with a name token beginning with each word: an equality lookup of one word's prefix key in the
 * `{ tenantId, namePrefixes }` index (the same on MongoDB and on mongo-java-server, whose planner uses equality
 * only), the others checked on its candidates, and a word longer than the prefix limit checked against the tokens.
 */
function namePrefixCondition(words: string[]): QueryFilter<Customer> {
  const [lookup, ...others] = longestFirst(words);
  const checks: QueryFilter<Customer>[] = [
    ...others.map((word) => ({ namePrefixes: namePrefixKey(word) })),
    ...words
      .filter((word) => namePrefixKey(word) !== word)
      .map((word) => ({ nameTokens: { $regex: `^${escapeRegExp(word)}` } })),
  ];
  return { namePrefixes: namePrefixKey(lookup), ...(checks.length ? { $and: checks } : {}) };
}

/** Customers whose name is these tokens in this order, looked up by one of them in the `nameTokens` index. */
function nameTokensCondition(tokens: string[]): QueryFilter<Customer> {
  return { nameTokens: longestFirst(tokens)[0], $and: [{ nameTokens: tokens }] };
}

/** A customer matching any of these (nothing for no match). */
function matchConditions(match: CustomerMatch | undefined): QueryFilter<Customer>[] {
  const anyOf: QueryFilter<Customer>[] = [];
  if (match?.nameWords?.length) anyOf.push(namePrefixCondition(match.nameWords));
  if (match?.nameTokens?.length) anyOf.push(nameTokensCondition(match.nameTokens));
  if (match?.contactValues?.length) anyOf.push({ 'contactData.value': { $in: match.contactValues } });
  if (match?.identifierValues?.length) anyOf.push({ 'uniqueIdentifiers.value': { $in: match.identifierValues } });
  if (match?.ids?.length) anyOf.push({ _id: { $in: match.ids } });
  return anyOf;
}

/** The name with its search fields, when there is a name. */
function withTokens(name: string | undefined): { nameTokens?: string[]; namePrefixes?: string[] } {
  return name ? nameSearchFields(name) : {};
}

/** An insert takes `mergedInto: null` from the filter, which refuses tombstones. */
function activityUpdate(at: Date, seed: CustomerSeed): UpdateQuery<Customer> {
  return {
    $setOnInsert: {
      ...(seed.name ? { name: seed.name, ...nameSearchFields(seed.name) } : {}),
      kind: 'contact' as const,
      contactData: [],
      uniqueIdentifiers: [],
      matchKeys: [],
    },
    $max: { lastActiveAt: at },
  };
}

@Injectable()
export class CustomerRepository extends TenantScopedRepository<Customer> {
  constructor(@InjectModel(Customer.name) model: Model<Customer>) {
    super(model);
  }

  private readonly byId = this.coalescedLookup('byId', '_id', (customer) => customer._id.toHexString());

  /** These customers (tombstones included), in no particular order; concurrent callers share one query. */
  async findByIds(tenantId: TenantId, ids: Types.ObjectId[]): Promise<Stored<Customer>[]> {
    const found = await Promise.all(ids.map((id) => this.byId.call({ tenantId, value: id })));
    return found.flat();
  }

  /** Active customers holding any of these contact values or unique identifiers (by the two value indexes). */
  findActiveHolding(
    tenantId: TenantId,
    contactValues: string[],
    uniqueIdentifiers: UniqueIdentifier[],
  ): Promise<Stored<Customer>[]> {
    const anyOf = [
      ...(contactValues.length ? [{ 'contactData.value': { $in: contactValues } }] : []),
      ...uniqueIdentifiers.map(({ type, value }) => ({ uniqueIdentifiers: { $elemMatch: { type, value } } })),
    ];
    if (anyOf.length === 0) return Promise.resolve([]);
    return this.find({ tenantId, mergedInto: null, $or: anyOf });
  }

  /** Creates the customer of this id unless it exists (a retried call creates nothing twice). */
  async createOnce(
    tenantId: TenantId,
    id: Types.ObjectId,
    seed: { name?: string; kind: CustomerKind; contactData: ContactDatum[]; uniqueIdentifiers: UniqueIdentifier[] },
  ): Promise<void> {
    await this.model
      .updateOne(
        this.scoped({ tenantId, _id: id }),
        { $setOnInsert: { ...seed, ...withTokens(seed.name), matchKeys: customerMatchKeys(seed), mergedInto: null } },
        { upsert: true },
      )
      .exec();
  }

  private readonly activity = this.coalescedUpdate('recordActivity', { upsert: true });

  /**
   * Records activity of the customer with this id, creating it first when it does not exist — idempotent, so
   * whoever claimed an identifier for a new customer, or the retry of a job that crashed in between, completes it.
   * The activity time never moves backwards (deliveries arrive unordered). Answers whether this call created it, or
   * the tombstone the customer became, which is left as it is. Concurrent calls share one bulk write.
   */
  async recordActivity(
    tenantId: TenantId,
    id: Types.ObjectId,
    at: Date,
    seed: CustomerSeed = {},
  ): Promise<RecordedActivity> {
    try {
      const created = await this.activity.call({
        filter: this.scoped({ tenantId, _id: id, mergedInto: null }),
        update: activityUpdate(at, seed),
      });
      return { created };
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      // The filter refuses a tombstone, so the upsert collides with it on `_id`: telling costs nothing until then.
      const tombstone = await this.findOne({ tenantId, _id: id, mergedInto: { $ne: null } });
      if (!tombstone) throw error;
      return { created: false, tombstone };
    }
  }

  /**
   * The merged fields onto the survivor, only if it has not changed since `readAt` (its `updatedAt` when the fields
   * were computed): an agent's edit in between makes this answer `false`, and the caller merges again. Activity only
   * moves forward. Contact data is as stored: the survivor keeps how it wrote each value (`display`).
   */
  async applyMergedFields(
    tenantId: TenantId,
    survivorId: Types.ObjectId,
    readAt: Date,
    fields: Omit<MergedFields, 'contactData'> & Pick<Customer, 'contactData'>,
  ): Promise<boolean> {
    const { lastActiveAt, ...set } = fields;
    const result = await this.model
      .updateOne(this.scoped({ tenantId, _id: survivorId, updatedAt: readAt }), {
        $set: {
          ...set,
          ...('name' in set ? nameSearchFields(set.name) : {}),
          matchKeys: customerMatchKeys(set),
        },
        ...(lastActiveAt ? { $max: { lastActiveAt } } : {}),
      })
      .exec();
    return result.matchedCount > 0;
  }

  /** Victims become tombstones pointing to the survivor. Idempotent. */
  async tombstone(
    tenantId: TenantId,
    victimIds: Types.ObjectId[],
    survivorId: Types.ObjectId,
    mergeId: Types.ObjectId,
  ): Promise<void> {
    await this.model
      .updateMany(this.scoped({ tenantId, _id: { $in: victimIds }, mergedInto: null }), {
        $set: { mergedInto: survivorId, mergedAt: new Date(), mergeId },
      })
      .exec();
  }

  /**
   * The merge's victims are customers again (its undo), each with its activity raised to `lastActiveAt` (hex id →
   * date), in one bulk write. Idempotent: a repeat finds no tombstone of that merge.
   */
  async restoreTombstones(
    tenantId: TenantId,
    victimIds: Types.ObjectId[],
    survivorId: Types.ObjectId,
    mergeId: Types.ObjectId,
    lastActiveAt: Record<string, Date> = {},
  ): Promise<void> {
    const operations: AnyBulkWriteOperation<Customer>[] = victimIds.map((id) => {
      const at = lastActiveAt[id.toHexString()];
      return {
        updateOne: {
          filter: this.scoped({ tenantId, _id: id, mergedInto: survivorId, mergeId }),
          update: {
            $set: { mergedInto: null },
            $unset: { mergedAt: 1, mergeId: 1 },
            ...(at ? { $max: { lastActiveAt: new Date(at) } } : {}),
          },
        },
      };
    });
    if (operations.length > 0) await this.model.bulkWrite(operations, { ordered: false });
  }

  /**
   * The survivor's fields once its merge is undone, only if it has not changed since `readAt` (like
   * `applyMergedFields`); a field now empty is removed, and activity may go back to what it was.
   */
  async restoreFields(
    tenantId: TenantId,
    id: Types.ObjectId,
    readAt: Date,
    fields: Omit<UndoneFields, 'contactData'> & Pick<Customer, 'contactData'>,
  ): Promise<boolean> {
    const { name, lastActiveAt, ...set } = fields;
    const result = await this.model
      .updateOne(this.scoped({ tenantId, _id: id, updatedAt: readAt, mergedInto: null }), {
        $set: {
          ...set,
          matchKeys: customerMatchKeys(set),
          ...(name ? { name, ...nameSearchFields(name) } : {}),
          ...(lastActiveAt ? { lastActiveAt } : {}),
        },
        ...(name && lastActiveAt
          ? {}
          : {
              $unset: {
                ...(name ? {} : { name: 1, nameTokens: 1, namePrefixes: 1 }),
                ...(lastActiveAt ? {} : { lastActiveAt: 1 }),
              },
            }),
      })
      .exec();
    return result.matchedCount > 0;
  }

  /**
   * Contact data goes from one customer to another (a detach): added where absent — at `positions[i]` in `to`'s list
   * when given (an undo puts each datum back where it was), else at the end — removed from `from` unless it keeps a
   * copy, in one ordered bulk write. Idempotent: a repeat adds nothing twice and finds nothing to remove.
   */
  async moveContactData(
    tenantId: TenantId,
    from: Types.ObjectId,
    to: Types.ObjectId,
    contactData: ContactDatum[],
    keepOnSource: boolean,
    positions: (number | undefined)[] = [],
  ): Promise<void> {
    // Lowest position first: each insert then finds the ones before it already in place.
    const placed = contactData
      .map((datum, index) => ({ datum, position: positions[index] }))
      .sort((a, b) => (a.position ?? Infinity) - (b.position ?? Infinity));
    const operations: AnyBulkWriteOperation<Customer>[] = placed.flatMap(({ datum, position }) => {
      const held = { $elemMatch: { type: datum.type, value: datum.value } };
      const add: AnyBulkWriteOperation<Customer> = {
        updateOne: {
          filter: this.scoped({ tenantId, _id: to, contactData: { $not: held } }),
          update: {
            $push: { contactData: position === undefined ? datum : { $each: [datum], $position: position } },
            $addToSet: { matchKeys: { $each: datumKeys(datum) } },
          },
        },
      };
      const remove: AnyBulkWriteOperation<Customer> = {
        updateOne: {
          filter: this.scoped({ tenantId, _id: from }),
          update: { $pull: { contactData: { type: datum.type, value: datum.value } } },
        },
      };
      return keepOnSource ? [add] : [add, remove];
    });
    if (operations.length > 0) await this.model.bulkWrite(operations, { ordered: true });
    if (!keepOnSource && contactData.length > 0) await this.refreshMatchKeys(tenantId, from);
  }

  /**
   * Writes `nameTokens` and `namePrefixes` on up to `batch` customers (of any tenant) that have a name and no prefixes
   * yet: those stored before names were tokenized, or before prefixes were. Idempotent, and safe beside live writes
   * (each update repeats its condition, and a name written meanwhile came with both). Answers how many it wrote; 0
   * means done.
   */
  async backfillNameTokens(batch: number): Promise<number> {
    const missing = { name: { $exists: true }, namePrefixes: { $exists: false } };
    const rows = await this.model.find(missing, { _id: 1, name: 1 }).limit(batch).lean().exec();
    if (rows.length === 0) return 0;
    await this.model.bulkWrite(
      rows.map((row) => ({
        updateOne: {
          filter: { _id: row._id, name: row.name, namePrefixes: { $exists: false } },
          update: { $set: nameSearchFields(row.name) },
        },
      })),
      { ordered: false },
    );
    return rows.length;
  }

  /**
   * Customers that are not tombstones, newest first, optionally only those matching the search. With `exact`, the
   * first page starts with the customers matching it exactly (up to a page of them, newest first), and the rest
   * follows without them; a first page of exact matches only hands out a cursor from the top of the rest.
   */
  async pageActive(
    tenantId: TenantId,
    match: CustomerMatch | undefined,
    page: PageRequest,
    exact?: CustomerMatch,
  ): Promise<Page<Stored<Customer>>> {
    const anyOf = matchConditions(match);
    if (match && anyOf.length === 0) return { items: [], nextCursor: null };
    const exactOf = matchConditions(exact);
    const exactRows = exactOf.length
      ? await this.model
          .find(this.scoped({ tenantId, mergedInto: null, $or: exactOf }))
          .sort({ _id: -1 })
          .limit(page.limit)
          .lean<Stored<Customer>[]>()
          .exec()
      : [];
    const first = page.after ? [] : exactRows;
    const filter = this.scoped({
      tenantId,
      mergedInto: null,
      ...(page.after ? afterKey(page.after, -1) : {}),
      ...(match ? { $or: anyOf } : {}),
      ...(exactRows.length ? { $nor: [{ _id: { $in: exactRows.map((row) => row._id) } }] } : {}),
    });
    const room = page.limit - first.length;
    const rows =
      room > 0 || first.length > 0
        ? await this.model
            .find(filter)
            .sort({ _id: -1 })
            .limit(room + 1)
            .lean<Stored<Customer>[]>()
            .exec()
        : [];
    if (room === 0 && first.length > 0) {
      return { items: first, nextCursor: rows.length > 0 ? encodeCursor({ id: BEFORE_EVERY_ID }) : null };
    }
    const page_ = toPage(rows, room, (customer) => ({ id: customer._id }));
    return { items: [...first, ...page_.items], nextCursor: page_.nextCursor };
  }

  /**
   * Applies an edit in one ordered bulk write of conditional single-value updates, never rewriting a whole array:
   * removes first, then each added value updated in place if held, else pushed if still absent. Nothing is written
   * to a tombstone (a customer merged meanwhile).
   */
  async applyChanges(tenantId: TenantId, id: Types.ObjectId, changes: CustomerChanges): Promise<void> {
    const active = this.scoped({ tenantId, _id: id, mergedInto: null });
    const update = (
      filter: QueryFilter<Customer>,
      change: Record<string, unknown>,
      arrayFilters?: Record<string, unknown>[],
    ): AnyBulkWriteOperation<Customer> => ({
      updateOne: { filter: { ...active, ...filter }, update: change, ...(arrayFilters ? { arrayFilters } : {}) },
    });
    const operations: AnyBulkWriteOperation<Customer>[] = [];
    const fields = {
      ...(changes.name !== undefined ? { name: changes.name, ...nameSearchFields(changes.name) } : {}),
      ...(changes.kind !== undefined ? { kind: changes.kind } : {}),
    };
    if (Object.keys(fields).length > 0) operations.push(update({}, { $set: fields }));
    for (const { type, value } of changes.removeContactData ?? []) {
      operations.push(update({}, { $pull: { contactData: { type, value } } }));
    }
    for (const { type, value } of changes.removeUniqueIdentifiers ?? []) {
      operations.push(update({}, { $pull: { uniqueIdentifiers: value === undefined ? { type } : { type, value } } }));
    }
    for (const datum of changes.addContactData ?? []) {
      const held = { $elemMatch: { type: datum.type, value: datum.value } };
      operations.push(
        update(
          { contactData: held },
          {
            $set: {
              'contactData.$[held].display': datum.display,
              ...(datum.grantsAccess !== undefined ? { 'contactData.$[held].grantsAccess': datum.grantsAccess } : {}),
            },
          },
          [{ 'held.type': datum.type, 'held.value': datum.value }],
        ),
        update(
          { contactData: { $not: held } },
          {
            $push: { contactData: { ...datum, grantsAccess: datum.grantsAccess ?? false } },
            $addToSet: { matchKeys: { $each: datumKeys(datum) } },
          },
        ),
      );
    }
    for (const { type, value } of changes.setUniqueIdentifiers ?? []) {
      operations.push(
        update(
          { 'uniqueIdentifiers.type': type },
          {
            $set: { 'uniqueIdentifiers.$[held].value': value },
            $addToSet: { matchKeys: uniqueIdentifierKey({ type, value }) },
          },
          [{ 'held.type': type }],
        ),
        update(
          { 'uniqueIdentifiers.type': { $ne: type } },
          {
            $push: { uniqueIdentifiers: { type, value } },
            $addToSet: { matchKeys: uniqueIdentifierKey({ type, value }) },
          },
        ),
      );
    }
    if (operations.length === 0) return;
    await this.model.bulkWrite(operations, { ordered: true });
    // Added keys went in with their values; what a removal or a replaced identifier leaves behind goes now.
    if (
      changes.removeContactData?.length ||
      changes.removeUniqueIdentifiers?.length ||
      changes.setUniqueIdentifiers?.length
    ) {
      await this.refreshMatchKeys(tenantId, id);
    }
  }

  /**
   * Sets the customer's match keys to those its fields give now, when they differ: after a write that removed
   * values, whose keys `$addToSet` could not take back. Only if the customer is unchanged since it was read (its
   * `updatedAt`, left as it is by this write, so that merges comparing it are not disturbed): a concurrent edit
   * refreshes the keys itself. Keys are never missing meanwhile, only stale ones left for a moment.
   */
  async refreshMatchKeys(tenantId: TenantId, id: Types.ObjectId): Promise<void> {
    const customer = await this.model
      .findOne(this.scoped({ tenantId, _id: id }), { contactData: 1, uniqueIdentifiers: 1, matchKeys: 1, updatedAt: 1 })
      .lean<Stored<Customer>>()
      .exec();
    if (!customer) return;
    const keys = customerMatchKeys(customer);
    if (sameKeys(customer.matchKeys, keys)) return;
    await this.model
      .updateOne(
        this.scoped({ tenantId, _id: id, updatedAt: customer.updatedAt }),
        { $set: { matchKeys: keys } },
        { timestamps: false },
      )
      .exec();
  }

  /**
   * Sets the match keys of a page of customers (tombstones too: an undo brings them back) that lack them or hold
   * stale ones, by id after `afterId`: the backfill of data stored before keys existed. Idempotent; answers the last
   * id read (undefined at the end) and how many it changed.
   */
  async backfillMatchKeys(
    tenantId: TenantId,
    afterId: Types.ObjectId | undefined,
    limit: number,
  ): Promise<{ lastId?: Types.ObjectId; updated: number }> {
    const page = await this.model
      .find(this.scoped({ tenantId, ...(afterId ? { _id: { $gt: afterId } } : {}) }), {
        contactData: 1,
        uniqueIdentifiers: 1,
        matchKeys: 1,
        updatedAt: 1,
      })
      .sort({ _id: 1 })
      .limit(limit)
      .lean<Stored<Customer>[]>()
      .exec();
    const operations: AnyBulkWriteOperation<Customer>[] = page.flatMap((customer) => {
      const keys = customerMatchKeys(customer);
      if (sameKeys(customer.matchKeys, keys)) return [];
      const filter = this.scoped({ tenantId, _id: customer._id, updatedAt: customer.updatedAt });
      return [{ updateOne: { filter, update: { $set: { matchKeys: keys } } } }];
    });
    if (operations.length > 0) await this.model.bulkWrite(operations, { ordered: false, timestamps: false });
    return { lastId: page.at(-1)?._id, updated: operations.length };
  }

  /**
   * A page of the active customers holding any contact datum of this type, or any unique identifier of this type
   * (by id, after `afterId`): what "apply to existing duplicates" reads, a batch at a time.
   */
  pageActiveHoldingType(
    tenantId: TenantId,
    held: { contactType: ContactDatum['type'] } | { identifierType: string },
    afterId: Types.ObjectId | undefined,
    limit: number,
  ): Promise<Stored<Customer>[]> {
    const holding: QueryFilter<Customer> =
      'contactType' in held
        ? { 'contactData.type': held.contactType }
        : { 'uniqueIdentifiers.type': held.identifierType };
    return this.find(
      { tenantId, mergedInto: null, ...(afterId ? { _id: { $gt: afterId } } : {}), $and: [holding] },
      { limit, sort: { _id: 1 } },
    );
  }

  /**
   * Active customers other than `excludeId` holding any of these match keys (by the `matchKeys` index), at most
   * `limit`: the candidates of a duplicate check.
   */
  findByMatchKeys(
    tenantId: TenantId,
    excludeId: Types.ObjectId,
    keys: string[],
    limit: number,
  ): Promise<Stored<Customer>[]> {
    if (keys.length === 0) return Promise.resolve([]);
    return this.find({ tenantId, matchKeys: { $in: keys }, _id: { $ne: excludeId }, mergedInto: null }, { limit });
  }
}
