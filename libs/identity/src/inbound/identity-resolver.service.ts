import { Injectable } from '@nestjs/common';
import { Types } from 'mongoose';
import { identityKeyFor, isBlocklisted, senderMayJoin, unverifiedIdentityKey, type IdentityKey } from '@app/domain';
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
 * identifier type and value (DOMAIN §1), else on a new customer. Nothing else ever joins automatically, and only a
 * sender that proved it owns its address joins at all: an unverified one gets an identity of its own.
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
    if (!key.anonymous && !(await this.mayJoin(tenantId, message)))
      return this.resolveUnverified(tenantId, channelId, key, message);
    const known = await this.identities.findByKey(tenantId, key.key);
    if (known) return known;

    const candidate = new Types.ObjectId();
    const joinsOthers = !key.anonymous && !(await this.isBlocklisted(tenantId, key.address));
    const owner = joinsOthers
      ? await this.owners.claim(tenantId, key.identifierType, key.address, candidate, key.key)
      : { customerId: candidate, claimedBy: key.key };
    // Recorded before the identity is written, so a delivery retried after a crash in between records it then (the
    // identity's key refuses a second record). Every delivery of this sender agrees on whether it joined: the owner
    // names the identity that claimed it.
    if (!key.anonymous && owner.claimedBy !== key.key) await this.recordJoin(tenantId, channelId, key, owner, message);
    return this.identities.insertOrGet({
      tenantId,
      customerId: owner.customerId,
      key: key.key,
      kind: message.channelKind,
      channelId: new Types.ObjectId(channelId),
      anonymous: key.anonymous,
      ...(key.anonymous
        ? key.unusableAddress !== undefined
          ? { displayAddress: key.unusableAddress, unusableAddress: true }
          : {}
        : { identifierType: key.identifierType, address: key.address, displayAddress: key.displayAddress }),
      ...(message.from.name ? { profileName: message.from.name } : {}),
      ...(message.from.providerUserId ? { providerUserId: message.from.providerUserId } : {}),
    });
  }

  /**
   * A sender that did not prove it owns its address: one identity per address for every such sender, on a customer
   * of its own, claiming nothing, so it never writes into the profile of the address's owner. Its first message's
   * suggestion check proposes that customer (`unverified_same_address`) for an agent to judge.
   */
  private async resolveUnverified(
    tenantId: string,
    channelId: string,
    key: Extract<IdentityKey, { anonymous: false }>,
    message: InboundMessage,
  ): Promise<Stored<Identity>> {
    const unverifiedKey = unverifiedIdentityKey(message.channelKind, key.address);
    const known = await this.identities.findByKey(tenantId, unverifiedKey);
    if (known) return known;
    return this.identities.insertOrGet({
      tenantId,
      customerId: new Types.ObjectId(),
      key: unverifiedKey,
      kind: message.channelKind,
      channelId: new Types.ObjectId(channelId),
      anonymous: false,
      unverified: true,
      identifierType: key.identifierType,
      address: key.address,
      displayAddress: key.displayAddress,
      ...(message.from.name ? { profileName: message.from.name } : {}),
      ...(message.from.providerUserId ? { providerUserId: message.from.providerUserId } : {}),
    });
  }

  private async mayJoin(tenantId: string, message: InboundMessage): Promise<boolean> {
    if (message.senderVerified !== false) return true;
    return senderMayJoin(message.senderVerified, message.channelKind, await this.facts.settings(tenantId));
  }

  /** The automatic join (DOMAIN §1) in the audit trail, once per identity. */
  private async recordJoin(
    tenantId: string,
    channelId: string,
    key: Extract<IdentityKey, { anonymous: false }>,
    owner: { customerId: Types.ObjectId; claimedBy?: string },
    message: InboundMessage,
  ): Promise<void> {
    await this.audit.record({
      tenantId,
      type: 'identity.joined',
      key: key.key,
      actor: { kind: 'system', rule: 'same-identifier' },
      trigger: { kind: 'inbound-message', id: message.externalId },
      customerIds: [owner.customerId],
      after: {
        identity: key.key,
        kind: message.channelKind,
        channelId,
        identifierType: key.identifierType,
        address: key.address,
        ...(owner.claimedBy ? { matchedIdentity: owner.claimedBy } : {}),
      },
    });
  }

  /** A blocklisted value (a switchboard, `0000000`) is a shared contact: it never joins customers (DOMAIN §2). */
  private async isBlocklisted(tenantId: string, address: string): Promise<boolean> {
    return isBlocklisted(address, await this.facts.settings(tenantId));
  }
}
