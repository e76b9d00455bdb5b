import { Injectable, Logger } from '@nestjs/common';
import type { Types } from 'mongoose';
import { webhookEventOfAudit, webhookEventOfNewCustomer, type WebhookEventDraft } from '@app/domain';
import {
  AuditRepository,
  CustomerRepository,
  WebhookEventRepository,
  WebhookSubscriptionRepository,
} from '@app/persistence';
import { WebhookDispatch } from './webhook-dispatch.js';

/** Records are read again this far back: one written a little after the time it carries is not missed. */
const OVERLAP_MS = 60_000;
const BATCH = 500;
const AUDITED_TYPES = [
  'customer.updated',
  'customer.merged',
  'merge.undone',
  'identity.detached',
  'conversation.moved',
];

/**
 * The events outbox, derived from what the product already records durably: the audit trail (written by every
 * journaled merge, undo, detach and move and every customer edit, once per operation) and new customers. An
 * event's id comes from its record, so reading a record again (the overlap, a second worker, a crash before the
 * cursor moved) stores and delivers nothing twice; nothing acknowledged is lost, as its record is there to be read.
 */
@Injectable()
export class WebhookFeed {
  private readonly logger = new Logger(WebhookFeed.name);

  constructor(
    private readonly subscriptions: WebhookSubscriptionRepository,
    private readonly events: WebhookEventRepository,
    private readonly audit: AuditRepository,
    private readonly customers: CustomerRepository,
    private readonly dispatch: WebhookDispatch,
  ) {}

  /** One pass over every tenant with subscriptions. */
  async feedAll(): Promise<void> {
    for (const tenantId of await this.subscriptions.tenantsWithSubscriptions()) {
      try {
        await this.feedTenant(tenantId);
      } catch (error) {
        this.logger.error({ err: error, tenantId }, 'webhook feed pass failed; the next pass reads the same records');
      }
    }
  }

  async feedTenant(tenantId: Types.ObjectId): Promise<void> {
    const now = new Date();
    const from = await this.startOfFeed(tenantId);
    if (!from) return;
    const since = new Date(from.getTime() - OVERLAP_MS);
    const [records, created] = await Promise.all([
      this.audit.find({ tenantId, type: { $in: AUDITED_TYPES }, at: { $gt: since, $lte: now } } as never, {
        sort: { at: 1, _id: 1 },
        limit: BATCH,
      }),
      this.customers.find(
        { tenantId, createdAt: { $gt: since, $lte: now } },
        { sort: { createdAt: 1, _id: 1 }, limit: BATCH },
      ),
    ]);
    const drafts: WebhookEventDraft[] = [
      ...records.flatMap((record) => {
        const draft = webhookEventOfAudit({
          type: record.type,
          key: record.key,
          customerIds: record.customerIds.map(String),
          before: record.before,
          after: record.after,
          at: record.at,
        });
        return draft ? [draft] : [];
      }),
      ...created.map((customer) =>
        webhookEventOfNewCustomer({
          id: customer._id.toHexString(),
          kind: customer.kind,
          name: customer.name,
          createdAt: customer.createdAt,
        }),
      ),
    ];
    const stored = await this.events.storeAll(tenantId, drafts);
    for (const event of stored) {
      if (event.fannedOutAt) continue;
      await this.dispatch.fanOut(event);
      await this.events.markFannedOut(event);
    }
    // A full batch leaves the rest for the next pass: read up to where this one stopped.
    const lastRead = [
      records.length === BATCH ? records.at(-1)!.at : now,
      created.length === BATCH ? created.at(-1)!.createdAt : now,
    ];
    await this.events.setReadUntil(tenantId, new Date(Math.min(...lastRead.map((at) => at.getTime()))));
  }

  /** Where the tenant's feed stands; at first, the creation of its first subscription. */
  private async startOfFeed(tenantId: Types.ObjectId): Promise<Date | undefined> {
    const readUntil = await this.events.readUntil(tenantId);
    if (readUntil) return readUntil;
    const [first] = await this.subscriptions.find({ tenantId }, { sort: { createdAt: 1 }, limit: 1 });
    return first?.createdAt;
  }
}
