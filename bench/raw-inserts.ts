import { mongo, Types } from 'mongoose';
import { runLoad, type LoadResult } from './load.js';

/**
 * The database's own pace, for the worker's to be read beside it: `count` documents shaped like a stored inbound
 * message, each by one driver `insertOne`, `concurrency` in flight (the worker's inbound concurrency), into a scratch
 * collection of the same database, dropped afterwards.
 */
export async function measureRawInserts(uri: string, count: number, concurrency: number): Promise<LoadResult> {
  const client = await mongo.MongoClient.connect(uri);
  try {
    const collection = client.db().collection('bench_raw_inserts');
    const tenantId = new Types.ObjectId();
    const conversationId = new Types.ObjectId();
    const result = await runLoad(count, concurrency, async (index) => {
      const at = new Date();
      await collection.insertOne({
        tenantId,
        conversationId,
        direction: 'inbound',
        channel: 'whatsapp',
        providerMessageId: `wamid.raw-${index}`,
        text: `raw insert ${index}`,
        receivedAt: at,
        createdAt: at,
        updatedAt: at,
      });
      return 200;
    });
    await collection.drop();
    return result;
  } finally {
    await client.close();
  }
}
