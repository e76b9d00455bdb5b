import { Injectable } from '@nestjs/common';
import { ChannelRepository } from '@app/persistence';
import type { RawEmailDelivery } from '@app/queue';
import { recipientCandidates } from './recipient-address.js';

export interface RecipientChannel {
  tenantId: string;
  channelId: string;
}

/** The email channels SMTP recipients reach. */
@Injectable()
export class RecipientChannelsService {
  constructor(private readonly channels: ChannelRepository) {}

  /** The email channel a recipient reaches (its exact address before its address without `+tag`), if any. */
  async forRecipient(recipient: string): Promise<RecipientChannel | null> {
    const candidates = recipientCandidates(recipient);
    if (candidates.length === 0) return null;
    const found = await this.channels.findEmailChannelsByAddress(candidates);
    const best = candidates.map((address) => found.get(address)).find((channel) => channel !== undefined);
    return best ? { tenantId: best.tenantId.toHexString(), channelId: best._id.toHexString() } : null;
  }

  /** Recipients grouped by channel, so a message to two addresses of one channel is one delivery. */
  async deliveries(recipients: readonly string[]): Promise<RawEmailDelivery[]> {
    const byChannel = new Map<string, RawEmailDelivery>();
    for (const recipient of recipients) {
      const channel = await this.forRecipient(recipient);
      if (!channel) continue;
      const delivery = byChannel.get(channel.channelId) ?? { ...channel, recipients: [] };
      delivery.recipients.push(recipient);
      byChannel.set(channel.channelId, delivery);
    }
    return [...byChannel.values()];
  }
}
