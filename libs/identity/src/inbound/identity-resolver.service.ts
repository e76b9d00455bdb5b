import { Injectable } from '@nestjs/common';
import { Types } from 'mongoose';
import { identityKeyFor, isBlocklisted } from '@app/domain';
import type { InboundMessage } from '@app/channels';
import {
  AuditRepository,
  IdentifierOwnerRepository,
  IdentityRepository,
  type Identity,
  type Stored,
} from '@app/persistence';
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
    private readonly audit: AuditRepository,
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
    const identityId = new Types.ObjectId();
    const identity = await this.identities.insertOrGet({
      _id: identityId,
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
    // Only the delivery whose insert won records: a concurrent one of the same sender gets the same identity back.
    if (!customerId.equals(candidate) && identity._id.equals(identityId)) await this.recordJoin(identity, message);
    return identity;
  }

  /**
   * The automatic join, in the audit trail. Written after the identity, so it never records a join that did not
   * happen; keyed by the identity, so it is recorded once.
   */
  private async recordJoin(identity: Stored<Identity>, message: InboundMessage): Promise<void> {
    await this.audit.record({
      tenantId: identity.tenantId,
      type: 'identity.joined',
      key: identity._id.toHexString(),
      actor: { kind: 'system', rule: 'same-identifier' },
      trigger: { kind: 'inbound-message', id: message.externalId },
      customerIds: [identity.customerId],
      after: {
        identityId: identity._id.toHexString(),
        kind: identity.kind,
        channelId: identity.channelId.toHexString(),
        identifierType: identity.identifierType,
        address: identity.address,
      },
    });
  }

  /** A blocklisted value (a switchboard, `0000000`) is a shared contact: it never joins customers (DOMAIN §2). */
  private async isBlocklisted(tenantId: string, address: string): Promise<boolean> {
    return isBlocklisted(address, await this.facts.settings(tenantId));
  }
}
