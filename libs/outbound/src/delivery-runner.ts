import { Inject, Injectable, Logger } from '@nestjs/common';
import { decideDelivery, type DeliveryRetryPolicy } from '@app/domain';
import {
  DeliveryRepository,
  type AttemptVerdict,
  type Delivery,
  type DeliveryAttempt,
  type Stored,
} from '@app/persistence';
import { DEFAULT_RETRY_POLICY, DELIVERY_SENDERS, type DeliverySenders, type SendResult } from './delivery-sender.js';

/** Whether the job is over, or is to run again after `delayMs`. */
export type RunResult = { kind: 'done' } | { kind: 'retry'; delayMs: number };

export class NoSenderError extends Error {
  constructor(kind: string) {
    super(`no delivery sender is registered for ${kind} deliveries`);
    this.name = 'NoSenderError';
  }
}

/**
 * One attempt at a delivery: loads it, asks its kind's sender, logs the attempt with its latency and decides by the
 * retry rule. Running it again for the same delivery is harmless: a delivery no longer pending is not sent again,
 * and one whose next attempt is not due yet only waits (a job run early after a crash).
 */
@Injectable()
export class DeliveryRunner {
  private readonly logger = new Logger(DeliveryRunner.name);

  constructor(
    private readonly deliveries: DeliveryRepository,
    @Inject(DELIVERY_SENDERS) private readonly senders: DeliverySenders,
  ) {}

  async run(tenantId: string, deliveryId: string): Promise<RunResult> {
    const delivery = await this.deliveries.findById(tenantId, deliveryId);
    if (!delivery) {
      this.logger.warn(`delivery ${deliveryId} of tenant ${tenantId} is gone; nothing to send`);
      return { kind: 'done' };
    }
    const sender = this.senders.get(delivery.kind);
    if (!sender) throw new NoSenderError(delivery.kind);
    if (delivery.status === 'delivered' || delivery.status === 'failed') {
      await sender.onFinished?.(delivery);
      return { kind: 'done' };
    }
    if (delivery.status !== 'pending') return { kind: 'done' };

    const notDueFor = msUntilDue(delivery, new Date());
    if (notDueFor > 0) return { kind: 'retry', delayMs: notDueFor };

    const at = new Date();
    const result = await sendCatching(() => sender.send(delivery));
    const now = new Date();
    const policy: DeliveryRetryPolicy = { ...DEFAULT_RETRY_POLICY, ...sender.retryPolicy };
    const decision = decideDelivery(
      result,
      { attempt: delivery.attempts.length + 1, firstAttemptAt: delivery.createdAt, now },
      policy,
    );
    const verdict: AttemptVerdict =
      decision.kind === 'delivered'
        ? { status: 'delivered', providerId: result.providerId }
        : decision.kind === 'failed'
          ? { status: 'failed', reason: decision.reason }
          : { status: 'pending' };
    const attempt: DeliveryAttempt = {
      at,
      latencyMs: now.getTime() - at.getTime(),
      ...(result.statusCode === undefined ? {} : { statusCode: result.statusCode }),
      ...(result.error ? { error: result.error } : {}),
      ...(result.errorCode ? { errorCode: result.errorCode } : {}),
      ...(decision.kind === 'retry' ? { nextAttemptAt: new Date(now.getTime() + decision.delayMs) } : {}),
    };
    const recorded = await this.deliveries.recordAttempt(tenantId, delivery._id, attempt, verdict);
    if (!recorded) return { kind: 'done' };
    if (decision.kind === 'retry') return decision;

    // As stored by recordAttempt: read again it would cost a round trip per delivery.
    const finished: Stored<Delivery> = {
      ...delivery,
      status: verdict.status,
      attempts: [...delivery.attempts, attempt],
      ...(verdict.status === 'delivered' && verdict.providerId ? { providerId: verdict.providerId } : {}),
      ...(verdict.status === 'failed' ? { failureReason: verdict.reason } : {}),
    };
    await sender.onFinished?.(finished);
    return { kind: 'done' };
  }
}

/** How long until the attempt the log scheduled is due (0: due now, or none scheduled). */
function msUntilDue(delivery: Stored<Delivery>, now: Date): number {
  const due = delivery.attempts.at(-1)?.nextAttemptAt;
  return due ? Math.max(0, due.getTime() - now.getTime()) : 0;
}

async function sendCatching(send: () => Promise<SendResult>): Promise<SendResult> {
  try {
    return await send();
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}
