import { Injectable } from '@nestjs/common';
import type { ChannelKind } from '@app/domain';
import { notFound } from '@app/http';
import { ChannelRepository } from '@app/persistence';
import { toIngressChannel, type IngressChannel } from './ingress-channel.js';
import { TtlCache } from './ttl-cache.js';

/**
 * Every webhook needs its channel's secrets, and providers send bursts: reading them once per request would make the
 * database the limit of the ingress. Cached for 30 s, so a changed secret or a deleted channel takes up to 30 s to
 * take effect on each api instance (there is no cross-instance invalidation); a provider signing with a rotated
 * secret meanwhile gets 401 and retries. Unknown ids are cached too, so a flood of them does not reach the database.
 */
const CACHE = { ttlMs: 30_000, maxEntries: 10_000 } as const;

/**
 * The channel of a webhook could not be read. Whatever the driver threw (its errors for a lost server are many and
 * change between versions), the delivery cannot be checked now and the provider must retry it: 503, never 500.
 */
export class ChannelLookupFailedError extends Error {
  constructor(cause: unknown) {
    super(`the channel could not be read: ${(cause as Error)?.message ?? String(cause)}`, { cause });
    this.name = 'ChannelLookupFailedError';
  }
}

@Injectable()
export class IngressChannelsService {
  private readonly byId = new TtlCache<string, IngressChannel | null>(CACHE);

  constructor(private readonly channels: ChannelRepository) {}

  /** The channel of a webhook URL; 404 when there is none of that kind. */
  async forWebhook(channelId: string, kind: ChannelKind): Promise<IngressChannel> {
    const channel = await this.find(channelId);
    if (channel?.kind !== kind) throw notFound('channel');
    return channel;
  }

  find(channelId: string): Promise<IngressChannel | null> {
    return this.byId.get(channelId, async (id) => {
      const channel = await this.channels.findWithSecretsForIngress(id).catch((error: unknown) => {
        throw new ChannelLookupFailedError(error);
      });
      return channel ? toIngressChannel(channel) : null;
    });
  }
}
