import { normalizePhone } from '@app/domain';
import { Types, type Connection } from 'mongoose';
import { insertCustomers, type CustomerSeed } from './customers.js';
import { positiveSetting } from './settings.js';
import { signedWhatsappDelivery } from './whatsapp.js';

/*
 * The deliveries bench:suggest sends: each from a new WhatsApp number that an existing email-only customer lists as
 * a contact phone, so each makes the worker store the message, run the duplicate check and emit one suggestion.
 */

/** Deliveries per second of the latency run; the database commands per delivery are also given at this rate. */
export const RATE = positiveSetting('BENCH_RATE', 200);

/** A number of the fictional +1 555 range; WhatsApp reports it as `wa_id` without the `+`. */
export const phoneOf = (index: number): string => `+1555${String(index).padStart(7, '0')}`;

/** The delivery from `phoneOf(index)`. */
export const matchingDelivery = (index: number, idPrefix: string) =>
  signedWhatsappDelivery(phoneOf(index).slice(1), `wamid.${idPrefix}${index}`);

/**
 * Email-only customers (an email identity, owned through `identifier_owners`) numbered `from` … `from + count - 1`,
 * each listing `phoneOf` its number as contact phone.
 */
export async function seedEmailCustomers(connection: Connection, tenantId: string, from: number, count: number) {
  // The channel the email identities first wrote to: an id is all the identity keeps of it.
  const channelId = new Types.ObjectId();
  const lastActiveAt = new Date();
  for (let start = from; start < from + count; start += 1000) {
    const indexes = Array.from({ length: Math.min(1000, from + count - start) }, (_, offset) => start + offset);
    await insertCustomers(
      connection,
      tenantId,
      indexes.map((index): CustomerSeed => {
        const phone = phoneOf(index);
        if (normalizePhone(phone.slice(1))?.value !== phone) throw new Error(`${phone} does not normalize to itself`);
        return {
          name: `Email customer ${index}`,
          lastActiveAt,
          contactData: [{ type: 'phone', value: phone }],
          identity: { kind: 'email', address: `customer-${index}@bench.example`, channelId },
        };
      }),
    );
  }
}
