import { Injectable } from '@nestjs/common';
import { Types } from 'mongoose';
import { identityKeyFor, isBlocklisted } from '@app/domain';
import type { InboundMessage } from '@app/channels';
import { IdentifierOwnerRepository, IdentityRepository, type Identity, type Stored } from '@app/persistence';
import { CustomerFactsService } from '../customer-facts.service.js';

/**
 * Finds the sender's identity, or creates it on the customer that already holds an identity of the same
 * identifier type and value (DOMAIN §1), else on a new customer. Nothing else ever joins automatically.
 */
@Injectable()
export class IdentityResolverService {
  constructor(
    private readonly identities: IdentityRepository,
    private readonly owners: IdentifierOwnerRepository,
    private readonly facts: CustomerFactsService,
  ) {}

  async resolve(tenantId: string, channelId: string, message: InboundMessage): Promise<Stored<Identity>> {
    const key = identityKeyFor(message.channelKind, channelId, message.from);
    const known = await this.identities.findByKey(tenantId, key.key);
    if (known) return known;

    const candidate = new Types.ObjectId();
    const joinsOthers = !key.anonymous && !(await this.isBlocklisted(tenantId, key.address));
    const customerId = joinsOthers
      ? await this.owners.claim(tenantId, key.identifierType, key.address, candidate)
      : candidate;
    return this.identities.insertOrGet({
      tenantId,
      customerId,
      key: key.key,
      kind: message.channelKind,
      channelId: new Types.ObjectId(channelId),
      anonymous: key.anonymous,
      ...(key.anonymous
        ? {}
        : { identifierType: key.identifierType, address: key.address, displayAddress: key.displayAddress }),
      ...(message.from.name ? { profileName: message.from.name } : {}),
      ...(message.from.providerUserId ? { providerUserId: message.from.providerUserId } : {}),
    });
  }

  /** A blocklisted value (a switchboard, `0000000`) is a shared contact: it never joins customers (DOMAIN §2). */
  private async isBlocklisted(tenantId: string, address: string): Promise<boolean> {
    return isBlocklisted(address, await this.facts.settings(tenantId));
  }
}
