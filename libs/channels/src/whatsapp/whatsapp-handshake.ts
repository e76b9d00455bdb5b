import { constantTimeEquals } from '../constant-time.js';

/** The challenge to echo when Meta's subscription handshake carries our verify token; undefined means refuse. */
export function verifyWhatsappHandshake(query: Record<string, unknown>, verifyToken: string): string | undefined {
  const { 'hub.mode': mode, 'hub.verify_token': token, 'hub.challenge': challenge } = query;
  if (mode !== 'subscribe' || typeof token !== 'string' || typeof challenge !== 'string') return undefined;
  if (!verifyToken || !challenge) return undefined;
  return constantTimeEquals(token, verifyToken) ? challenge : undefined;
}
