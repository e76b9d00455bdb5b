import { Injectable } from '@nestjs/common';
import { DeliveryRepository, type Delivery, type NewDelivery, type Stored } from '@app/persistence';
import { DeliveriesProducer } from '@app/queue';

/**
 * Asks for a delivery: stores it once per subject and event and queues its job (one per delivery), so asking again
 * after a failure half-way (stored, not queued) completes it instead of sending twice.
 */
@Injectable()
export class DeliveryStarter {
  constructor(
    private readonly deliveries: DeliveryRepository,
    private readonly producer: DeliveriesProducer,
  ) {}

  async start(request: NewDelivery): Promise<Stored<Delivery>> {
    const { delivery } = await this.deliveries.createOrFind(request);
    if (delivery.status === 'pending') {
      await this.producer.enqueue({ tenantId: String(delivery.tenantId), deliveryId: delivery._id.toHexString() });
    }
    return delivery;
  }
}
