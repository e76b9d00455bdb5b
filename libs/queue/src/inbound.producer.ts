import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { addInboundJobs } from './inbound-jobs.js';
import type { InboundJob, RawEmailJob } from './jobs.js';
import { QUEUES } from './queues.js';
import { FAIL_FAST_REDIS, FAIL_FAST_TIMEOUT_MS } from '@app/redis';

export class QueueUnavailableError extends Error {
  constructor(cause: unknown) {
    super('the inbound queue is unavailable', { cause });
    this.name = 'QueueUnavailableError';
  }
}

/**
 * Completed jobs absorb a provider's quick retries of one delivery; later ones the database dedupes by provider id.
 * 10,000 keeps Redis flat (bench:memory: ~2.1 KB a kept job, 213 MB at 100,000) whatever the traffic (issue 17 P7).
 */
const INBOUND_JOB_RETENTION = { age: 24 * 3600, count: 10_000 } as const;

const DEFAULT_JOB_OPTIONS = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 1_000 },
  removeOnComplete: INBOUND_JOB_RETENTION,
  // Bounded by age only: a failed delivery's job is its only copy. Should failures pile up, Redis reaches
  // maxmemory and refuses writes, the ingress answers 503 and the providers retry: slower, never lost.
  removeOnFail: { age: 7 * 24 * 3600 },
};

/**
 * Puts verified deliveries on the inbound queue (and mail taken over SMTP on the mail queue), or throws
 * `QueueUnavailableError` — fast, so the ingress can answer 503 (SMTP 451) and the provider retries. It queues on
 * the fail-fast connection (the shared BullMQ connection waits forever while Redis is unreachable, which would hold
 * the provider's request open).
 */
@Injectable()
export class InboundProducer implements OnApplicationShutdown {
  private readonly queue: Queue;
  private readonly mail: Queue;

  constructor(@Inject(FAIL_FAST_REDIS) connection: Redis) {
    this.queue = new Queue(QUEUES.inbound, { connection, defaultJobOptions: DEFAULT_JOB_OPTIONS });
    this.mail = new Queue(QUEUES.mail, { connection, defaultJobOptions: DEFAULT_JOB_OPTIONS });
    this.queue.on('error', () => undefined);
    this.mail.on('error', () => undefined);
  }

  /** Resolves once every job is stored in Redis (new or already there). */
  async enqueue(jobs: InboundJob[]): Promise<void> {
    if (jobs.length === 0) return;
    await withinFailFastTime(addInboundJobs(this.queue, jobs));
  }

  /** Resolves once the job is stored in Redis; its id is its storage key, so the same stored mail is one job. */
  async enqueueRawEmail(job: RawEmailJob): Promise<void> {
    await withinFailFastTime(this.mail.add('email.received', job, { jobId: rawEmailJobId(job.storageKey) }));
  }

  async onApplicationShutdown(): Promise<void> {
    // The connection is RedisModule's to close.
    await Promise.all([this.queue.close().catch(() => undefined), this.mail.close().catch(() => undefined)]);
  }
}

/** BullMQ refuses `:` in custom ids; storage keys are paths. */
export function rawEmailJobId(storageKey: string): string {
  return `mail-${storageKey.replaceAll('/', '_')}`;
}

async function withinFailFastTime(added: Promise<unknown>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`enqueue took over ${FAIL_FAST_TIMEOUT_MS} ms`)), FAIL_FAST_TIMEOUT_MS);
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
