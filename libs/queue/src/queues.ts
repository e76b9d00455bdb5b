/** Every BullMQ queue of the product. Jobs and their payloads are added by the capabilities that use them. */
export const QUEUES = {
  inbound: 'inbound',
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

export const ALL_QUEUES: readonly QueueName[] = Object.values(QUEUES);
