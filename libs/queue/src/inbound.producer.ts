import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import type { AppConfigService } from '@app/config';
import { addInboundJobs } from './inbound-jobs.js';
import type { InboundJob } from './jobs.js';
import { QUEUES } from './queues.js';

export class QueueUnavailableError extends Error {
  constructor(cause: unknown) {
    super('the inbound queue is unavailable', { cause });
    this.name = 'QueueUnavailableError';
  }
}

const ENQUEUE_TIMEOUT_MS = 3_000;

/** Kept long enough that a provider's retries of one delivery meet the first job; the database dedupes after. */
const INBOUND_JOB_RETENTION = { age: 24 * 3600, count: 100_000 } as const;

/**
 * Puts verified deliveries on the inbound queue, or throws `QueueUnavailableError` — fast, so the ingress can answer
 * 503 and the provider retries. Its own connection refuses commands while Redis is unreachable instead of buffering
 * them (the shared BullMQ connection waits forever, which would hold the provider's request open).
 */
@Injectable()
export class InboundProducer implements OnApplicationShutdown {
  private readonly queue: Queue;
  private readonly connection: Redis;

  constructor(@Inject(ConfigService) config: AppConfigService) {
    this.connection = new Redis(config.get('REDIS_URL', { infer: true }), {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: ENQUEUE_TIMEOUT_MS,
    });
    this.connection.on('error', () => undefined);
    this.queue = new Queue(QUEUES.inbound, {
      connection: this.connection,
      defaultJobOptions: {
        attempts: 8,
        backoff: { type: 'exponential', delay: 1_000 },
        removeOnComplete: INBOUND_JOB_RETENTION,
        removeOnFail: { age: 7 * 24 * 3600 },
      },
    });
    this.queue.on('error', () => undefined);
  }

  /** Resolves once every job is stored in Redis (new or already there). */
  async enqueue(jobs: InboundJob[]): Promise<void> {
    if (jobs.length === 0) return;
    const added = addInboundJobs(this.queue, jobs);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`enqueue took over ${ENQUEUE_TIMEOUT_MS} ms`)), ENQUEUE_TIMEOUT_MS);
    });
    try {
      await Promise.race([added, timeout]);
    } catch (error) {
      added.catch(() => undefined);
      throw new QueueUnavailableError(error);
    } finally {
      clearTimeout(timer);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.queue.close().catch(() => undefined);
    // Our own connection, closed here: while Redis is away a QUIT cannot be sent on it (it refuses commands
    // offline), and left to BullMQ it would go on reconnecting, keeping the process alive after shutdown.
    this.connection.disconnect();
  }
}
