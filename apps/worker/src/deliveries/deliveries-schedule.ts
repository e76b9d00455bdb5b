import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { STALLED_DELIVERY_MS } from '@app/outbound';
import { DeliveriesProducer } from '@app/queue';

/** Schedules the look for stalled deliveries, a few times per stall threshold: one scheduler in Redis. */
@Injectable()
export class DeliveriesSchedule implements OnApplicationBootstrap {
  constructor(private readonly producer: DeliveriesProducer) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.producer.schedule(STALLED_DELIVERY_MS / 5);
  }
}
