import { Injectable } from '@nestjs/common';
import { Types } from 'mongoose';
import type { UserPrincipal } from '@app/auth';
import {
  ChannelRepository,
  CustomerRepository,
  DetachRepository,
  IdentityRepository,
  MergeRepository,
  UserRepository,
} from '@app/persistence';
import { resolveActiveCustomer } from '../customers/active-customer.js';
import type { CustomerLineage } from './lineage.dto.js';
import { lineageIdentityIds, toCustomerLineage } from './lineage-view.js';

/** Merges and detaches each, newest first: a picture of the customer stays readable well below this. */
const LINEAGE_LIMIT = 50;

const byId = <T extends { _id: Types.ObjectId }>(documents: T[]): Map<string, T> =>
  new Map(documents.map((document) => [document._id.toHexString(), document]));
const objectIds = (ids: Iterable<string>): Types.ObjectId[] => [...new Set(ids)].map((id) => new Types.ObjectId(id));

/**
 * Where a customer came from, for every agent: the profiles merged into it and detached from it, with when and who,
 * read from the merge and detach journals (the audit trail is for supervisors).
 */
@Injectable()
export class LineageService {
  constructor(
    private readonly customers: CustomerRepository,
    private readonly merges: MergeRepository,
    private readonly detaches: DetachRepository,
    private readonly identities: IdentityRepository,
    private readonly users: UserRepository,
    private readonly channels: ChannelRepository,
  ) {}

  async of(actor: UserPrincipal, id: string): Promise<CustomerLineage> {
    const { tenantId } = actor;
    const customer = await resolveActiveCustomer(this.customers, tenantId, id, '/lineage');
    const [merges, detaches, own] = await Promise.all([
      this.merges.findDoneIntoSurvivor(tenantId, customer._id, LINEAGE_LIMIT),
      this.detaches.findDoneOfCustomer(tenantId, customer._id, LINEAGE_LIMIT),
      this.identities.findByCustomers(tenantId, [customer._id]),
    ]);
    const otherIds = [
      ...merges.flatMap((merge) => merge.victimIds),
      ...detaches.flatMap((detach) => [detach.fromCustomerId, detach.toCustomerId]),
    ].map((other) => other.toHexString());
    const named = lineageIdentityIds(merges, detaches).filter((identityId) => Types.ObjectId.isValid(identityId));
    const [others, identities, users] = await Promise.all([
      this.customers.findByIds(tenantId, objectIds(otherIds)),
      named.length > 0 ? this.identities.find({ tenantId, _id: { $in: objectIds(named) } }) : Promise.resolve([]),
      this.users.findByIds(
        tenantId,
        objectIds(
          [...merges, ...detaches].map((journal) => journal.actorId).filter((userId) => Types.ObjectId.isValid(userId)),
        ),
      ),
    ]);
    const channelIds = [...own, ...identities].map((identity) => identity.channelId.toHexString());
    const channels = await this.channels.find({ tenantId, _id: { $in: objectIds(channelIds) } });
    return toCustomerLineage({
      customerId: customer._id,
      merges,
      detaches,
      customers: byId(others),
      identities: byId(identities),
      users: byId(users),
      channels,
    });
  }
}
