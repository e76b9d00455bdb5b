import { Injectable, Logger } from '@nestjs/common';
import type { Types } from 'mongoose';
import {
  WEBHOOK_AUDITED_TYPES,
  webhookEventOfAudit,
  webhookEventOfNewCustomer,
  type WebhookEventDraft,
} from '@app/domain';
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

  /**
   * Reads the tenant's audit records, then its new customers (a merge's record is read no earlier than the customers
   * it names, which existed before it), up to one time for both, and hands their events to the subscriptions in order.
   */
  async feedTenant(tenantId: Types.ObjectId): Promise<void> {
    const now = new Date();
    const start = await this.startOfFeed(tenantId);
    if (!start) return;
    const since = start.caughtUp ? new Date(start.readUntil.getTime() - OVERLAP_MS) : start.readUntil;
    const records = await this.audit.find(
      { tenantId, type: { $in: WEBHOOK_AUDITED_TYPES }, at: { $gte: since, $lte: now } } as never,
      { sort: { at: 1, _id: 1 }, limit: BATCH },
    );
    const recordsUntil = records.length === BATCH ? records.at(-1)!.at : now;
    const created = await this.customers.find(
      { tenantId, createdAt: { $gte: since, $lte: recordsUntil } },
      { sort: { createdAt: 1, _id: 1 }, limit: BATCH },
    );
    // A full batch stops the pass where it ends, for both sources: what lies after is read next time, in order.
    const until = created.length === BATCH ? created.at(-1)!.createdAt : recordsUntil;
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
    ].filter((draft) => draft.occurredAt <= until);
    const fresh = (await this.events.storeAll(tenantId, drafts)).filter((event) => !event.fannedOutAt);
    const subscriptions = fresh.length > 0 ? await this.subscriptions.find({ tenantId }) : [];
    await this.dispatch.fanOut(fresh, subscriptions);
    // Marked after all were handed out: a pass cut short hands them out again, and their deliveries are keyed.
    await this.events.markFannedOut(tenantId, fresh);
    await this.events.setFeed(tenantId, until, until.getTime() === now.getTime());
  }

  /** Where the tenant's feed stands; at first, the creation of its first subscription. */
  private async startOfFeed(tenantId: Types.ObjectId): Promise<{ readUntil: Date; caughtUp: boolean } | undefined> {
    const feed = await this.events.feedOf(tenantId);
    if (feed) return feed;
    const [first] = await this.subscriptions.find({ tenantId }, { sort: { createdAt: 1 }, limit: 1 });
    return first ? { readUntil: first.createdAt, caughtUp: true } : undefined;
  }
}
