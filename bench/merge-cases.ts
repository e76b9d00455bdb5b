import { Types, type Connection } from 'mongoose';
import { insertCustomers } from './customers.js';
import type { BenchTenant } from './seeder.js';

export interface MergeCase {
  label: string;
  survivorId: string;
  victimId: string;
}

/**
 * A survivor (one email identity) and a victim (one WhatsApp identity) with the given history; with `transactions`,
 * both are loyalty members and the victim holds a gift card, a house account and that many transactions.
 */
export async function seedMergeCase(
  connection: Connection,
  tenant: BenchTenant,
  label: string,
  conversations: number,
  messagesPerConversation: number,
  phone: string,
  transactions?: number,
): Promise<MergeCase> {
  const tenantId = new Types.ObjectId(tenant.tenantId);
  const channelId = new Types.ObjectId(tenant.channelId);
  const now = new Date();
  const stamps = { createdAt: now, updatedAt: now };
  const lastActiveAt = new Date(now.getTime() - 90 * 24 * 3600 * 1000);
  // A domain of its own: the survivor's check after the merge finds no look-alike address among the others.
  const survivorDomain = new Types.ObjectId().toHexString();
  const [survivor, victim] = await insertCustomers(connection, tenant.tenantId, [
    {
      name: `${label} survivor`,
      lastActiveAt,
      identity: { kind: 'email', address: `survivor@${survivorDomain}.example`, channelId: new Types.ObjectId() },
    },
    { name: `${label} victim`, lastActiveAt, identity: { kind: 'whatsapp', address: phone, channelId } },
  ]);
  const { customerId: victimId, identityId } = victim;
  const batch = 1000;
  for (let start = 0; start < conversations; start += batch) {
    const ids = Array.from({ length: Math.min(batch, conversations - start) }, () => new Types.ObjectId());
    await connection.collection('conversations').insertMany(
      ids.map((_id, offset) => ({
        _id,
        tenantId,
        customerId: victimId,
        identityId,
        channelId,
        channelKind: 'whatsapp',
        key: `bench:${victimId.toHexString()}:${start + offset}`,
        lastMessageAt: now,
        messageCount: messagesPerConversation,
        ...stamps,
      })),
    );
    await connection.collection('messages').insertMany(
      ids.flatMap((conversationId, offset) =>
        Array.from({ length: messagesPerConversation }, (_, position) => ({
          tenantId,
          conversationId,
          channelId,
          direction: 'inbound',
          externalId: `wamid.bench-merge-${victimId.toHexString()}-${start + offset}-${position}`,
          sentAt: new Date(now.getTime() - (messagesPerConversation - position) * 60_000),
          messageType: 'text',
          text: 'Does it come in another color?',
          attachments: [],
          ...stamps,
        })),
      ),
    );
  }
  if (transactions !== undefined) await seedAssets(connection, tenantId, survivor.customerId, victimId, transactions);
  return { label, survivorId: survivor.customerId.toHexString(), victimId: victimId.toHexString() };
}

async function seedAssets(
  connection: Connection,
  tenantId: Types.ObjectId,
  survivorId: Types.ObjectId,
  victimId: Types.ObjectId,
  transactions: number,
): Promise<void> {
  const now = new Date();
  const stamps = { createdAt: now, updatedAt: now };
  const victim = victimId.toHexString();
  const standing = (customerId: Types.ObjectId, points: number) => ({
    tenantId,
    customerId,
    kind: 'loyalty',
    key: customerId.toHexString(),
    points,
    tier: 'silver',
    tierRank: 2,
    tierProgress: 10,
    ...stamps,
  });
  await connection.collection('customer_assets').insertMany([
    standing(survivorId, 100),
    standing(victimId, 50),
    { tenantId, customerId: victimId, kind: 'giftCard', key: `GC-${victim}`, balance: 25, status: 'active', ...stamps },
    {
      tenantId,
      customerId: victimId,
      kind: 'houseAccount',
      key: `HA-${victim}`,
      balance: -40,
      status: 'active',
      ...stamps,
    },
    ...Array.from({ length: transactions }, (_, index) => ({
      tenantId,
      customerId: victimId,
      kind: 'transaction',
      key: `sale-${victim}-${index}`,
      amount: 10,
      currency: 'EUR',
      occurredAt: now,
      ...stamps,
    })),
  ]);
}
