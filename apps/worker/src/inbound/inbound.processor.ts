import { Processor } from '@nestjs/bullmq';
import { QUEUES, type JobHandlers } from '@app/queue';
import { InboundIngestionService } from '@app/identity';
import { OutageTolerantProcessor } from '../outage-tolerant.processor.js';

/** Deliveries are independent; concurrency hides the database round trips of each. */
@Processor(QUEUES.inbound, { concurrency: 16 })
export class InboundProcessor extends OutageTolerantProcessor<typeof QUEUES.inbound> {
  readonly queueName = QUEUES.inbound;

  constructor(private readonly ingestion: InboundIngestionService) {
    super();
  }

  protected readonly handlers: JobHandlers<typeof QUEUES.inbound> = {
    'inbound.event': (data) => this.ingestion.ingest(data),
  };
}
