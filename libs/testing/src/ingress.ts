import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Queue, type Job } from 'bullmq';
import type { ChannelKind } from '@app/domain';
import type { InboundEvent } from '@app/channels';
import { ChannelRepository, type ChannelSecrets, type ChannelSettings } from '@app/persistence';
import { inboundJobId, QUEUES, type InboundJob } from '@app/queue';
import { createTenantWithUsers, startApiInProcess, type InProcessApi, type TestUser } from './in-process-api.js';
import type { RestClient } from './rest-client.js';
import type { TestEnvironment } from './test-env.js';

/** A channel stored directly, with settings and secrets as the channels API would split them. */
export async function createTestChannel(
  app: NestFastifyApplication,
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

export interface IngressApi {
  api: InProcessApi;
  /** The inbound queue the api fills. */
  queue: InboundQueueProbe;
  /** The admin of the tenant of the channels. */
  admin: TestUser;
  /** A channel of the tenant, stored directly (see `createTestChannel`). */
  channel(kind: ChannelKind, settings?: ChannelSettings, secrets?: ChannelSecrets): Promise<string>;
  close(): Promise<void>;
}

/** What an ingress test starts from: the api in this process, a tenant, and the queue the ingress fills. */
export async function startIngressApi(tenant: string, overrides: Record<string, string> = {}): Promise<IngressApi> {
  const api = await startApiInProcess(overrides);
  const queue = new InboundQueueProbe(api.env);
  const close = async (): Promise<void> => {
    await queue.close();
    await api.close();
  };
  try {
    const { admin } = await createTenantWithUsers(api.app, tenant);
    const channel = (kind: ChannelKind, settings?: ChannelSettings, secrets?: ChannelSecrets) =>
      createTestChannel(api.app, admin.tenantId, kind, settings, secrets);
    return { api, queue, admin, channel, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** A connector channel and a key of it, made through the api the way an admin makes them. */
export async function createConnectorChannel(
  admin: RestClient,
  kind: 'api' | 'webchat',
  // Trusted unless asked otherwise: the tests using it send addresses they mean to join their holders (a connector
  // that authenticates its users); the tests of untrusted keys say so.
  { trusted = true }: { trusted?: boolean } = {},
): Promise<{ id: string; key: string }> {
  const channel = await admin.post('/api/v1/channels', { kind, name: `${kind} connector` });
  if (channel.status !== 201) throw new Error(`creating the ${kind} channel failed: ${channel.status}`);
  const key = await admin.post(`/api/v1/channels/${channel.body.id}/api-keys`, { trusted });
  if (key.status !== 201) throw new Error(`creating the connector key failed: ${key.status}`);
  return { id: channel.body.id, key: key.body.key };
}
