// The provider request builders the tests use (compiled into dist through this import; libs/testing is not).
import { whatsappHeaders, whatsappTextDelivery } from '../libs/testing/src/providers.js';

/** The WhatsApp channel of a bench tenant, as the deliveries sign and address it. */
export const BENCH_WHATSAPP = { appSecret: 'bench-app-secret', phoneNumberId: '106540352242922' } as const;

/** A text delivery to the bench channel from `waId` (a number without its `+`), with the headers that sign it. */
export function signedWhatsappDelivery(
  waId: string,
  messageId: string,
): { body: string; headers: Record<string, string> } {
  const body = whatsappTextDelivery(BENCH_WHATSAPP.phoneNumberId, waId, messageId);
  return { body, headers: whatsappHeaders(body, BENCH_WHATSAPP.appSecret) };
}
