/** Every BullMQ queue of the product; the jobs of each are in the typed job map (jobs.ts). */
export const QUEUES = {
  inbound: 'inbound',
  mail: 'mail',
  suggestions: 'suggestions',
  merges: 'merges',
  bulkMerges: 'bulk-merges',
  deliveries: 'deliveries',
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

export const ALL_QUEUES: readonly QueueName[] = Object.values(QUEUES);

/**
 * The job options of a periodic look (stuck journals, pending deliveries): a run that fails — the database out for a
 * while — is tried again for about forty seconds, not left in the failed list for an outage its next run outlives.
 */
export const PERIODIC_LOOK = {
  attempts: 4,
  backoff: { type: 'exponential', delay: 2_000 },
  removeOnComplete: 100,
  removeOnFail: 100,
} as const;
