import { createHash } from 'node:crypto';
import type { InboundJob } from './jobs.js';

/**
 * The same provider message (or the same status of one) always gets the same job id, so a replayed delivery is
 * absorbed by BullMQ while the first job is kept. Hashed: provider ids carry characters BullMQ refuses (`:`).
 */
export function inboundJobId({ channelId, event }: Pick<InboundJob, 'channelId' | 'event'>): string {
  const key = event.type === 'status' ? `status\n${event.externalId}\n${event.status}` : `message\n${event.externalId}`;
  return `${channelId}-${createHash('sha256').update(key).digest('hex').slice(0, 40)}`;
}
