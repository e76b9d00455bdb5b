import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { AppConfigService } from '@app/config';
import { WebhookFeed } from '@app/outbound';

/**
 * Reads new records into webhook events every WEBHOOKS_FEED_INTERVAL_MS, one pass at a time. Several workers may
 * poll side by side: the outbox and the deliveries are keyed, so a record read twice is stored and sent once.
 */
@Injectable()
export class WebhookFeedPoller implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(WebhookFeedPoller.name);
  private readonly intervalMs: number;
  private timer?: NodeJS.Timeout;
  private pass?: Promise<void>;
  private stopped = false;

  constructor(
    private readonly feed: WebhookFeed,
    @Inject(ConfigService) config: AppConfigService,
  ) {
    this.intervalMs = config.get('WEBHOOKS_FEED_INTERVAL_MS', { infer: true });
  }

  onApplicationBootstrap(): void {
    this.schedule();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.pass;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.pass = this.feed
        .feedAll()
        .catch((error: unknown) => this.logger.error({ err: error }, 'webhook feed pass failed'))
        .finally(() => this.schedule());
    }, this.intervalMs);
  }
}
