import { Processor } from '@nestjs/bullmq';
import { QUEUES, type JobHandlers } from '@app/queue';
import { ReceivedMailService } from './received-mail.service.js';
import { OutageTolerantProcessor } from '../outage-tolerant.processor.js';

/** Parsing and DNS lookups of sender authentication: a few at once, apart from the other channels' deliveries. */
@Processor(QUEUES.mail, { concurrency: 4 })
export class MailProcessor extends OutageTolerantProcessor<typeof QUEUES.mail> {
  readonly queueName = QUEUES.mail;

  constructor(private readonly mail: ReceivedMailService) {
    super();
  }

  protected readonly handlers: JobHandlers<typeof QUEUES.mail> = {
    'email.received': (data) => this.mail.process(data),
  };
}
