import { describe, expect, it } from '@jest/globals';
import { RateLimitError, type Job } from 'bullmq';
import { QUEUES, type JobHandlers } from '@app/queue';
import { DATABASE_RETRY_MS, OutageTolerantProcessor } from './outage-tolerant.processor.js';

/** A suggestions processor whose one handler fails as told, on a worker that records its rate limits. */
class FailingProcessor extends OutageTolerantProcessor<typeof QUEUES.suggestions> {
  readonly queueName = QUEUES.suggestions;
  readonly rateLimits: number[] = [];

  constructor(private readonly failure: unknown) {
    super();
    Object.assign(this, { _worker: { rateLimit: async (ms: number) => void this.rateLimits.push(ms) } });
  }

  protected readonly handlers = {
    'customer.check': () => Promise.reject(this.failure),
    'tenant.backfill': () => Promise.resolve(),
  } satisfies JobHandlers<typeof QUEUES.suggestions>;
}

const job = { id: '1', name: 'customer.check', data: {} } as Job;
const named = (name: string, message = 'failed') => Object.assign(new Error(message), { name });

describe('OutageTolerantProcessor', () => {
  it.each([
    ['a network error', named('MongoNetworkError', 'connection 11 to 127.0.0.1:27017 closed')],
    ['no server to select', named('MongoServerSelectionError')],
    ['a pool cleared under a request', named('PoolClearedOnNetworkError')],
  ])('puts the job back without counting an attempt and pauses the worker on %s', async (_case, failure) => {
    const processor = new FailingProcessor(failure);
    await expect(processor.process(job)).rejects.toBeInstanceOf(RateLimitError);
    expect(processor.rateLimits).toEqual([DATABASE_RETRY_MS]);
  });

  it.each([
    ['a refused write', Object.assign(named('MongoServerError', 'E11000 duplicate key'), { code: 11000 })],
    ['a bug', new TypeError('x is undefined')],
  ])('lets %s fail the attempt as usual', async (_case, failure) => {
    const processor = new FailingProcessor(failure);
    await expect(processor.process(job)).rejects.toBe(failure);
    expect(processor.rateLimits).toEqual([]);
  });
});
