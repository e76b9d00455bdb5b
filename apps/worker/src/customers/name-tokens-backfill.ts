import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { CustomerRepository } from '@app/persistence';

const BATCH = 1_000;

/**
 * Gives customers stored before name search used tokens and prefixes their `nameTokens` and `namePrefixes`, in the
 * background once the worker has started (the api searches by them meanwhile; a customer without them is found by
 * email, phone or identifier only until its turn). Idempotent: every start finds what is left, usually nothing.
 */
@Injectable()
export class NameTokensBackfill implements OnApplicationBootstrap {
  private readonly logger = new Logger(NameTokensBackfill.name);

  constructor(private readonly customers: CustomerRepository) {}

  onApplicationBootstrap(): void {
    void this.run().catch((error: unknown) => this.logger.error(`name tokens backfill stopped: ${String(error)}`));
  }

  /** Answers how many customers it gave tokens. */
  async run(): Promise<number> {
    let total = 0;
    for (let written = await this.customers.backfillNameTokens(BATCH); written > 0;) {
      total += written;
      written = await this.customers.backfillNameTokens(BATCH);
    }
    if (total > 0) this.logger.log(`name tokens written on ${total} customers`);
    return total;
  }
}
