import { Injectable, Logger } from '@nestjs/common';
import { DeliveryRepository } from '@app/persistence';
import { DeliveriesProducer } from '@app/queue';

/** A pending delivery not moved for this long, with no attempt due later, has lost its job. */
export const STALLED_DELIVERY_MS = 10 * 60_000;
const BATCH = 500;

/**
 * Queues again the pending deliveries whose job is gone: the api stored a reply but could not queue it, or a job used
 * up its attempts on our own failures (database, Redis). The runner makes a second job for one harmless.
 */
@Injectable()
export class DeliveryResumer {
  private readonly logger = new Logger(DeliveryResumer.name);

  constructor(
    private readonly deliveries: DeliveryRepository,
    private readonly producer: DeliveriesProducer,
  ) {}

  /** Answers how many were queued again. */
  async resumeStalled(now: Date): Promise<number> {
    const stalled = await this.deliveries.findStalledOfAllTenants(new Date(now.getTime() - STALLED_DELIVERY_MS), BATCH);
    let requeued = 0;
    for (const delivery of stalled) {
      const job = { tenantId: String(delivery.tenantId), deliveryId: delivery._id.toHexString() };
      if (await this.producer.requeue(job)) requeued += 1;
    }
    if (requeued > 0) this.logger.warn(`queued ${requeued} stalled deliveries again`);
    return requeued;
  }
}
