import type { NestExpressApplication } from '@nestjs/platform-express';
import { Queue, type Job } from 'bullmq';
import type { ChannelKind, InboundEvent } from '@app/channels';
import { ChannelRepository, type ChannelSecrets, type ChannelSettings } from '@app/persistence';
import { inboundJobId, QUEUES, type InboundJob } from '@app/queue';
import type { TestEnvironment } from './test-env.js';

/** A channel stored directly, with settings and secrets as the channels API would split them. */
export async function createTestChannel(
  app: NestExpressApplication,
  tenantId: string,
  kind: ChannelKind,
  settings: ChannelSettings = {},
  secrets: ChannelSecrets = {},
): Promise<string> {
  const channel = await app
    .get(ChannelRepository)
    .create({ tenantId, kind, name: `${kind} channel`, settings, secrets });
  return channel._id.toHexString();
}

/** The inbound queue the api fills, read the way the worker reads it. */
export class InboundQueueProbe {
  readonly queue: Queue<InboundJob>;

  constructor(env: TestEnvironment) {
    this.queue = new Queue<InboundJob>(QUEUES.inbound, { connection: { url: env.REDIS_URL } });
  }

  /** The job of a channel's message, found by the id derived from the provider's message id. */
  async messageJob(channelId: string, externalId: string): Promise<Job<InboundJob> | undefined> {
    const event = { type: 'message', externalId } as InboundEvent;
    return this.queue.getJob(inboundJobId({ channelId, event }));
  }

  /** Every waiting job of a channel. */
  async jobsOf(channelId: string): Promise<Job<InboundJob>[]> {
    const jobs = await this.queue.getJobs(['waiting', 'prioritized', 'delayed', 'active', 'completed', 'failed']);
    return jobs.filter((job) => job?.data.channelId === channelId);
  }

  /** Leaves the test file's Redis database without jobs for the next file's worker to pick up. */
  async close(): Promise<void> {
    await this.queue.obliterate({ force: true });
    await this.queue.close();
  }
}
