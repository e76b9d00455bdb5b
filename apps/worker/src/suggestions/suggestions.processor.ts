import { Processor } from '@nestjs/bullmq';
import { SuggestionBackfillService, SuggestionFinderService } from '@app/identity';
import { QUEUES, type JobHandlers } from '@app/queue';
import { OutageTolerantProcessor } from '../outage-tolerant.processor.js';

/**
 * Checks coalesce their reads and inserts with the other checks in flight (one command for all of them), so more
 * at once costs fewer commands per check; at 8 they queued behind an inbound processor taking 64 deliveries at once.
 */
@Processor(QUEUES.suggestions, { concurrency: 32 })
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
