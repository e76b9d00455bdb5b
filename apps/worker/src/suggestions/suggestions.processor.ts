import { Processor } from '@nestjs/bullmq';
import { SuggestionBackfillService, SuggestionFinderService } from '@app/identity';
import { QUEUES, type JobHandlers } from '@app/queue';
import { OutageTolerantProcessor } from '../outage-tolerant.processor.js';

@Processor(QUEUES.suggestions, { concurrency: 8 })
export class SuggestionsProcessor extends OutageTolerantProcessor<typeof QUEUES.suggestions> {
  readonly queueName = QUEUES.suggestions;

  constructor(
    private readonly finder: SuggestionFinderService,
    private readonly backfill: SuggestionBackfillService,
  ) {
    super();
  }

  protected readonly handlers: JobHandlers<typeof QUEUES.suggestions> = {
    'customer.check': (data) =>
      this.finder.check(data.tenantId, data.customerId, { pairsLikelyNew: data.reason === 'identity.added' }),
    'tenant.backfill': (data, job) =>
      this.backfill.run(data.tenantId, data.settingsVersion, (progress) => job.updateProgress({ ...progress })),
  };
}
