import { Processor } from '@nestjs/bullmq';
import { QUEUES, type JobHandlers } from '@app/queue';
import { InboundIngestionService } from '@app/identity';
import { OutageTolerantProcessor } from '../outage-tolerant.processor.js';

/**
 * Deliveries are independent; concurrency hides the database round trips of each. The repositories coalesce the
 * calls of one event-loop turn into one command, so the more deliveries in flight, the fewer commands per delivery
 * under load.
 */
@Processor(QUEUES.inbound, { concurrency: 64 })
export class InboundProcessor extends OutageTolerantProcessor<typeof QUEUES.inbound> {
  readonly queueName = QUEUES.inbound;

  constructor(private readonly ingestion: InboundIngestionService) {
    super();
  }

  protected readonly handlers: JobHandlers<typeof QUEUES.inbound> = {
    'inbound.event': (data) => this.ingestion.ingest(data),
  };
}
