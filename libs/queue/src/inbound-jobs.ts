import { createHash } from 'node:crypto';
import type { Queue } from 'bullmq';
import type { InboundJob } from './jobs.js';

/**
 * The same provider message (or the same status of one) always gets the same job id, so a replayed delivery is
 * absorbed by BullMQ while the first job is kept. Hashed: provider ids carry characters BullMQ refuses (`:`).
 */
export function inboundJobId({ channelId, event }: Pick<InboundJob, 'channelId' | 'event'>): string {
  const key = event.type === 'status' ? `status\n${event.externalId}\n${event.status}` : `message\n${event.externalId}`;
  return `${channelId}-${createHash('sha256').update(key).digest('hex').slice(0, 40)}`;
}

/**
 * Adds verified deliveries to the inbound queue under their job ids. One job (nearly every delivery) is one script
 * call; `addBulk` would wrap even one in MULTI/EXEC.
 */
export function addInboundJobs(queue: Queue, jobs: InboundJob[]): Promise<unknown> {
  const bulk = jobs.map((data) => ({ name: 'inbound.event' as const, data, opts: { jobId: inboundJobId(data) } }));
  return bulk.length === 1 ? queue.add(bulk[0].name, bulk[0].data, bulk[0].opts) : queue.addBulk(bulk);
}
