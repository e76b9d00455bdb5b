import { Processor } from '@nestjs/bullmq';
import { DeliveryResumer, DeliveryRunner } from '@app/outbound';
import { QUEUES, retryLater, type JobHandlers } from '@app/queue';
import { OutageTolerantProcessor } from '../outage-tolerant.processor.js';

/**
 * Replies and webhooks: one attempt per run; a delivery to be tried again waits in the delayed set under the same
 * job. Many at once: an attempt mostly waits on a provider. And the periodic look for deliveries whose job is gone.
 */
@Processor(QUEUES.deliveries, { concurrency: 32 })
export class DeliveriesProcessor extends OutageTolerantProcessor<typeof QUEUES.deliveries> {
  readonly queueName = QUEUES.deliveries;

  constructor(
    private readonly runner: DeliveryRunner,
    private readonly resumer: DeliveryResumer,
  ) {
    super();
  }

  protected readonly handlers: JobHandlers<typeof QUEUES.deliveries> = {
    'delivery.attempt': async (data, job, token) => {
      const result = await this.runner.run(data.tenantId, data.deliveryId);
      if (result.kind === 'retry') await retryLater(job, token, result.delayMs);
    },
    'deliveries.resume': () => this.resumer.resumeStalled(new Date()),
  };
}
