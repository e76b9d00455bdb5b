import type { InboundEvent } from '@app/channels';
import { QUEUES } from './queues.js';

/** A verified delivery from a provider or connector, waiting for the worker. */
export interface InboundJob {
  tenantId: string;
  channelId: string;
  event: InboundEvent;
  /** ISO 8601: when the ingress accepted it. */
  receivedAt: string;
}

/** The channel an email was delivered to, with the envelope recipients of that channel as the sender gave them. */
export interface RawEmailDelivery {
  tenantId: string;
  channelId: string;
  recipients: string[];
}

/** Mail taken over SMTP: its raw bytes are in the blob storage, its envelope here; the worker parses it. */
export interface RawEmailJob {
  /** The raw RFC 5322 message in the blob storage. */
  storageKey: string;
  /** The envelope sender; empty for the null sender `<>` of bounces. */
  mailFrom?: string;
  /** One per channel the recipients belong to. */
  deliveries: RawEmailDelivery[];
  /** The sending server's address and greeting name, which sender authentication (SPF, DMARC) needs. */
  remoteAddress: string;
  helo?: string;
  /** ISO 8601: when the listener accepted it. */
  receivedAt: string;
}

/** Why a customer's data should be compared with the tenant's other customers. */
type CustomerCheckReason =
  | 'identity.added'
  | 'contact.changed'
  | 'customer.merged'
  | 'identity.detached'
  | 'merge.undone'
  | 'detach.undone'
  | 'conversation.moved'
  | 'backfill';

export interface CustomerCheckJob {
  tenantId: string;
  customerId: string;
  reason: CustomerCheckReason;
}

/** Re-checks every customer of a tenant (after an import or a change of its identity settings). */
export interface TenantBackfillJob {
  tenantId: string;
  reason: string;
  /** The settings version it checks with; a newer one overtakes it (absent in jobs queued before versions). */
  settingsVersion?: number;
}

export interface MergeJob {
  tenantId: string;
  mergeId: string;
}

export interface DetachJob {
  tenantId: string;
  detachId: string;
}

export interface MergeUndoJob {
  tenantId: string;
  undoId: string;
}

/** Moves one conversation to another customer (or back: the undo of a move is a move). */
export interface MoveJob {
  tenantId: string;
  moveId: string;
}

/** Runs the pairs of a bulk merge without a result yet, each through a merge journal of its own. */
export interface BulkMergeJob {
  tenantId: string;
  bulkMergeId: string;
}

/** Finds (or takes a dry run's) groups of customers sharing the enforced value, and checks or merges each. */
export interface UniquenessApplyJob {
  tenantId: string;
  runId: string;
}

/** One attempt (or the next) at a delivery to a provider or a webhook subscriber (`deliveries` collection). */
export interface DeliveryJob {
  tenantId: string;
  deliveryId: string;
}

/** The periodic look for pending deliveries whose job is gone (no payload: it covers every tenant). */
export type DeliveriesResumeJob = Record<string, never>;

/** The periodic look for journals that stopped moving (no payload: it covers every tenant). */
export type OperationsResumeJob = Record<string, never>;

/** Every job of the product: queue → job name → payload. Processors and producers are typed by it. */
export interface JobMap {
  [QUEUES.inbound]: { 'inbound.event': InboundJob };
  /** Apart from inbound: parsing and authenticating mail is slower, and must not hold the slots of other channels. */
  [QUEUES.mail]: { 'email.received': RawEmailJob };
  [QUEUES.suggestions]: { 'customer.check': CustomerCheckJob; 'tenant.backfill': TenantBackfillJob };
  /**
   * The journals that lock customers share a queue, so one processor runs merges, detaches and undos alike, and the
   * periodic resumer of those that stopped moving.
   */
  [QUEUES.merges]: {
    'merge.execute': MergeJob;
    'detach.execute': DetachJob;
    'undo.execute': MergeUndoJob;
    'move.execute': MoveJob;
    'operations.resume': OperationsResumeJob;
  };
  /** Apart from the merges it starts: a bulk merge waits for them, and must not hold a slot they need. */
  [QUEUES.bulkMerges]: { 'bulk-merge.run': BulkMergeJob; 'uniqueness.apply': UniquenessApplyJob };
  /** Replies and webhooks alike: the job lives until its delivery is delivered or failed, delayed between attempts. */
  [QUEUES.deliveries]: { 'delivery.attempt': DeliveryJob; 'deliveries.resume': DeliveriesResumeJob };
}

export type JobName<Q extends keyof JobMap> = keyof JobMap[Q] & string;
