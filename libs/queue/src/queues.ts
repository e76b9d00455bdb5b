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
