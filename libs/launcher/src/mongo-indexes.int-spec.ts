import { randomBytes } from 'node:crypto';
import { mongo } from 'mongoose';

const { Double, MongoClient, ObjectId } = mongo;
type ObjectId = mongo.ObjectId;
type Document = mongo.Document;

interface Sample {
  _id: ObjectId;
  tenantId: ObjectId;
  key: string;
  status: string;
  rank: number | mongo.Double;
  tags: string[];
  contactData: { type: string; value: string }[];
  at: Date;
  customerId?: ObjectId | null;
}

type Collection = mongo.Collection<Sample>;
type Filter = mongo.Filter<Sample>;

/**
 * The test database answers queries from its indexes (tools/mongo-server: secondary indexes and prefix-aware index
 * selection that mongo-java-server lacks). An index may only narrow the documents it looks at, never change a
 * result: the same documents, writes and queries on a collection with indexes and on one without must agree,
 * including multikey arrays, missing and null fields, numbers of different types, `$in`, `$or`, sorts and limits,
 * and after updates and deletes that move documents between index entries. Runs against real MongoDB as well.
 */
describe('queries on indexed collections', () => {
  let client: mongo.MongoClient;
  let db: mongo.Db;
  let indexed: Collection;
  let plain: Collection;
  const tenants = [new ObjectId(), new ObjectId(), new ObjectId()];
  const customers = Array.from({ length: 12 }, () => new ObjectId());
  const ids: ObjectId[] = [];
  let first: Sample;

  /** A deterministic sequence (mulberry32), so that a failure can be replayed. */
  let seed = 7;
  const next = (bound: number): number => {
    seed = (seed + 0x6d2b79f5) | 0;
    let mixed = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    mixed = (mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed)) ^ mixed;
    return ((mixed ^ (mixed >>> 14)) >>> 0) % bound;
  };
  const pick = <T>(values: readonly T[]): T => values[next(values.length)];

  const documentAt = (index: number): Sample => {
    const document: Sample = {
      _id: new ObjectId(),
      tenantId: pick(tenants),
      key: `key-${index}`,
      status: pick(['open', 'rejected', 'blocked', 'accepted']),
      // Integers and doubles of the same value must meet in one index entry (JavaScript numbers are sent as int32).
      rank: next(2) === 0 ? next(4) : new Double(next(4)),
      tags: Array.from({ length: next(4) }, () => pick(['a', 'b', 'c', 'd', 'e'])),
      contactData: Array.from({ length: next(3) }, () => ({
        type: pick(['phone', 'email']),
        value: pick(['+15550001', '+15550002', 'ann@example.com', 'bob@example.com']),
      })),
      at: new Date(Date.UTC(2026, 0, 1 + next(5))),
    };
    const owner = next(4);
    if (owner === 1) document.customerId = null;
    else if (owner > 1) document.customerId = pick(customers);
    return document;
  };

  const both = async (write: (collection: Collection) => Promise<unknown>): Promise<void> => {
    const [left, right] = await Promise.all([write(indexed), write(plain)]);
    expect(left).toEqual(right);
  };

  const same = async (filter: Filter, options: { sort?: Document; limit?: number } = {}) => {
    const run = (collection: Collection): Promise<Document[]> => {
      let cursor = collection.find(filter);
      if (options.sort) cursor = cursor.sort(options.sort);
      if (options.limit) cursor = cursor.limit(options.limit);
      return cursor.toArray();
    };
    const [left, right] = await Promise.all([run(indexed), run(plain)]);
    const order = (documents: Document[]) =>
      options.sort ? documents : [...documents].sort((a, b) => String(a._id).localeCompare(String(b._id)));
    expect(order(left)).toEqual(order(right));
    return left.length;
  };

  beforeAll(async () => {
    const uri = process.env.TEST_MONGODB_URI;
    if (!uri) throw new Error('test services are not running: run tests through jest (global setup)');
    client = await MongoClient.connect(uri);
    db = client.db(`test_indexes_${randomBytes(4).toString('hex')}`);
    indexed = db.collection<Sample>('indexed');
    plain = db.collection<Sample>('plain');
    await indexed.createIndex({ tenantId: 1, key: 1 }, { unique: true });
    await indexed.createIndex({ tenantId: 1, customerId: 1 });
    await indexed.createIndex({ tenantId: 1, 'contactData.value': 1 });
    await indexed.createIndex({ tenantId: 1, status: 1, rank: 1, _id: 1 });
    await indexed.createIndex({ tenantId: 1, customerId: 1, _id: -1 });
    await indexed.createIndex({ tags: 1 });
    const documents = Array.from({ length: 400 }, (_, index) => documentAt(index));
    ids.push(...documents.map((document) => document._id));
    first = documents[0];
    // The index on `at` is built from the first half, and kept up to date by the second.
    await both((collection) => collection.insertMany(documents.slice(0, 200).map((document) => ({ ...document }))));
    await indexed.createIndex({ at: 1 });
    await both((collection) => collection.insertMany(documents.slice(200).map((document) => ({ ...document }))));
  });

  afterAll(async () => {
    await db?.dropDatabase();
    await client?.close();
  });

  /** Each query, and whether the data holds documents it matches (an empty answer from both proves nothing). */
  const queries: [string, () => Filter, boolean][] = [
    ['by id and tenant', () => ({ _id: ids[17], tenantId: { $in: tenants } }), true],
    ['by id and the wrong tenant', () => ({ _id: ids[17], tenantId: new ObjectId() }), false],
    ['by ids ($in) and tenant', () => ({ tenantId: tenants[0], _id: { $in: ids.slice(0, 60) } }), true],
    ['by unique key', () => ({ tenantId: first.tenantId, key: first.key }), true],
    [
      'by unique keys ($in × $in)',
      () => ({ tenantId: { $in: tenants }, key: { $in: ['key-1', 'key-2', 'key-3'] } }),
      true,
    ],
    ['by customer', () => ({ tenantId: tenants[0], customerId: customers[3] }), true],
    ['by customers ($in)', () => ({ tenantId: tenants[2], customerId: { $in: customers.slice(0, 5) } }), true],
    ['by customer null (missing too)', () => ({ tenantId: tenants[0], customerId: null }), true],
    ['by customer $ne', () => ({ tenantId: tenants[0], customerId: { $ne: customers[0] } }), true],
    ['by an array element', () => ({ tenantId: tenants[1], 'contactData.value': '+15550001' }), true],
    [
      'by array elements ($in)',
      () => ({ tenantId: tenants[1], 'contactData.value': { $in: ['ann@example.com'] } }),
      true,
    ],
    [
      'by $elemMatch',
      () => ({ tenantId: tenants[0], contactData: { $elemMatch: { type: 'email', value: 'bob@example.com' } } }),
      true,
    ],
    ['by a tag', () => ({ tags: 'c' }), true],
    ['by a whole array', () => ({ tags: ['a', 'b'] }), true],
    ['by an empty array', () => ({ tags: [] }), true],
    ['by number, int or double', () => ({ tenantId: tenants[0], status: 'open', rank: 2 }), true],
    ['by number as double', () => ({ tenantId: tenants[0], status: 'open', rank: new Double(2) }), true],
    [
      'by a prefix and a range',
      () => ({ tenantId: tenants[2], status: { $in: ['open', 'blocked'] }, rank: { $gte: 1 } }),
      true,
    ],
    ['by $eq', () => ({ tenantId: { $eq: tenants[1] }, status: { $eq: 'rejected' } }), true],
    ['by a date', () => ({ at: new Date(Date.UTC(2026, 0, 3)) }), true],
    [
      'by $or of indexed branches',
      () => ({
        tenantId: tenants[0],
        $or: [{ 'contactData.value': { $in: ['+15550002'] } }, { customerId: customers[1] }, { key: 'key-9' }],
      }),
      true,
    ],
    [
      'by $or with an unindexed branch',
      () => ({ tenantId: tenants[0], $or: [{ customerId: customers[1] }, { rank: 3 }] }),
      true,
    ],
    [
      'by $or of regular expressions',
      () => ({ $or: [{ key: /^key-1/ }, { 'contactData.value': /@example\.com$/ }] }),
      true,
    ],
    ['by a regular expression on an indexed field', () => ({ tenantId: tenants[0], key: /^key-2/ }), true],
    ['by $and', () => ({ $and: [{ tenantId: tenants[1] }, { status: 'open' }] }), true],
    ['by nothing', () => ({}), true],
  ];

  it.each(queries)('finds the same documents %s', async (_name, filter, matches) => {
    expect((await same(filter())) > 0).toBe(matches);
  });

  /**
   * Sorted queries, some read in an index's order (pinned keys, then the sorted ones in the index's directions or
   * all reversed, a range on the first sorted key), some not (mixed directions, a multikey index, no such index).
   */
  const sortedQueries: [() => Filter, { sort: Document; limit?: number }][] = [
    [() => ({ tenantId: tenants[0], status: 'open' }), { sort: { rank: -1, _id: 1 }, limit: 7 }],
    [() => ({ tenantId: tenants[0], status: 'open' }), { sort: { rank: 1, _id: 1 }, limit: 7 }],
    [() => ({ tenantId: tenants[0], status: 'open' }), { sort: { rank: -1, _id: -1 } }],
    [() => ({ tenantId: tenants[1], status: 'open' }), { sort: { rank: 1 }, limit: 11 }],
    [() => ({ tenantId: tenants[1], status: { $in: ['open', 'blocked'] } }), { sort: { rank: -1, _id: -1 }, limit: 9 }],
    [() => ({ tenantId: tenants[2], status: 'open', rank: { $gt: 1 } }), { sort: { rank: 1, _id: 1 }, limit: 6 }],
    [() => ({ tenantId: tenants[2], status: 'open', rank: { $lte: 2 } }), { sort: { rank: -1, _id: -1 }, limit: 6 }],
    [() => ({ tenantId: tenants[0], status: 'blocked', rank: { $gte: 1, $lt: 3 } }), { sort: { rank: -1, _id: -1 } }],
    [() => ({ tenantId: tenants[0], status: 'open', rank: { $gt: 3, $lt: 1 } }), { sort: { rank: 1, _id: 1 } }],
    [() => ({ tenantId: tenants[0], customerId: null }), { sort: { _id: -1 }, limit: 5 }],
    [() => ({ tenantId: tenants[1], customerId: { $in: customers } }), { sort: { at: 1, _id: -1 }, limit: 5 }],
    [() => ({}), { sort: { at: 1 }, limit: 10 }],
    [() => ({ at: { $gte: new Date(Date.UTC(2026, 0, 3)) } }), { sort: { at: -1 }, limit: 10 }],
    [() => ({ tags: { $in: ['a', 'e'] } }), { sort: { key: 1 } }],
    [() => ({ tenantId: tenants[1] }), { sort: { 'contactData.value': 1, _id: 1 }, limit: 10 }],
  ];

  it('finds the same documents in order, with a sort and a limit', async () => {
    for (const [filter, options] of sortedQueries) await same(filter(), options);
  });

  it('pages through active documents by a cursor on the index the same way', async () => {
    for (const tenantId of tenants) {
      const pages: number[] = [];
      let last: ObjectId | undefined;
      for (;;) {
        const filter: Filter = { tenantId, customerId: null, ...(last ? { _id: { $lt: last } } : {}) };
        const [page] = await Promise.all([
          indexed.find(filter).sort({ _id: -1 }).limit(6).toArray(),
          same(filter, { sort: { _id: -1 }, limit: 6 }),
        ]);
        if (page.length === 0) break;
        pages.push(page.length);
        last = page[page.length - 1]._id;
      }
      expect(pages.length).toBeGreaterThan(2);
      expect(pages.reduce((sum, size) => sum + size, 0)).toBe(
        await plain.countDocuments({ tenantId, customerId: null }),
      );
    }
  });

  it('keeps finding the same documents after updates and deletes move them between index entries', async () => {
    const upserted = new ObjectId();
    await both((collection) =>
      collection.updateMany({ tenantId: tenants[0], customerId: customers[3] }, { $set: { customerId: customers[4] } }),
    );
    await both((collection) =>
      collection.updateMany(
        { tenantId: tenants[1], 'contactData.value': '+15550001' },
        { $push: { contactData: { type: 'phone', value: '+15550009' } } },
      ),
    );
    await both((collection) => collection.updateMany({ tags: 'b' }, { $set: { tags: [] } }));
    await both((collection) => collection.updateOne({ _id: ids[3] }, { $unset: { customerId: '' } }));
    await both((collection) => collection.deleteMany({ tenantId: tenants[2], status: 'accepted' }));
    await both((collection) => collection.updateMany({ tenantId: tenants[1], status: 'open' }, { $inc: { rank: 1 } }));
    await both((collection) =>
      collection.updateMany({ tenantId: tenants[0], status: 'blocked', rank: 2 }, { $set: { status: 'open' } }),
    );
    // Without a full key on { tenantId, contactData.value } (an empty array), it still moves under its new tenant.
    await both((collection) =>
      collection.updateMany({ tenantId: tenants[2], contactData: { $size: 0 } }, { $set: { tenantId: tenants[1] } }),
    );
    await both((collection) =>
      collection.findOneAndUpdate(
        { tenantId: tenants[0], key: 'key-new' },
        { $setOnInsert: { _id: upserted, customerId: customers[4], tags: ['b'] } },
        { upsert: true, returnDocument: 'after' },
      ),
    );

    expect(await same({ tenantId: tenants[0], customerId: customers[3] })).toBe(0);
    expect(await same({ tenantId: tenants[0], customerId: customers[4] })).toBeGreaterThan(0);
    expect(await same({ tenantId: tenants[1], 'contactData.value': '+15550009' })).toBeGreaterThan(0);
    expect(await same({ tags: 'b' })).toBe(1);
    expect(await same({ tenantId: tenants[2], status: 'accepted' })).toBe(0);
    expect(await same({ tenantId: tenants[2], contactData: { $size: 0 } })).toBe(0);
    expect(await same({ tenantId: tenants[1], contactData: { $size: 0 } })).toBeGreaterThan(0);
    await same({ _id: ids[3], customerId: null });
    for (const [, filter] of queries) await same(filter());
    for (const [filter, options] of sortedQueries) await same(filter(), options);
  });

  it('refuses a second document with the same unique key whatever the query path', async () => {
    const duplicate = { ...documentAt(0), _id: new ObjectId(), tenantId: first.tenantId, key: first.key };
    await expect(indexed.insertOne(duplicate)).rejects.toMatchObject({ code: 11000 });
  });
});
