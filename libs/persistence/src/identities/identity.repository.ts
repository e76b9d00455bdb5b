import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { identityMatchKeys, type IdentifierType } from '@app/domain';
import type { Model, Types } from 'mongoose';
import { sameKeys } from '../match-keys.js';
import { TenantScopedRepository, type Stored, type TenantId, type TenantScope } from '../tenant-scoped.repository.js';
import { IdentifierOwner, Identity } from './identity.schema.js';

export type NewIdentity = Omit<
  Identity,
  '_id' | 'tenantId' | 'createdAt' | 'updatedAt' | 'checkPending' | 'matchKeys'
> &
  TenantScope;

@Injectable()
export class IdentityRepository extends TenantScopedRepository<Identity> {
  constructor(@InjectModel(Identity.name) model: Model<Identity>) {
    super(model);
  }

  private readonly inserts = this.coalescedInsert<NewIdentity & Pick<Identity, 'matchKeys'>>('insert');
  private readonly byKey = this.coalescedLookup('byKey', 'key', (identity) => identity.key);
  private readonly byCustomer = this.coalescedLookup('byCustomer', 'customerId', (identity) =>
    identity.customerId.toHexString(),
  );
  private readonly checked = this.coalescedPerTenant(
    'markChecked',
    async (tenantId, inputs: (TenantScope & { id: Types.ObjectId })[]) => {
      await this.model
        .updateMany(this.scoped({ tenantId, _id: { $in: inputs.map(({ id }) => id) } }), {
          $set: { checkPending: false },
        })
        .exec();
      return inputs.map(() => undefined);
    },
  );

  async findByKey(tenantId: TenantId, key: string): Promise<Stored<Identity> | null> {
    return (await this.byKey.call({ tenantId, value: key }))[0] ?? null;
  }

  /** Inserts, or returns the identity a concurrent delivery inserted first under the same key. */
  async insertOrGet(identity: NewIdentity): Promise<Stored<Identity>> {
    const inserted = await this.inserts.call({ ...identity, matchKeys: identityMatchKeys(identity) });
    if (inserted) return inserted;
    const existing = await this.findByKey(identity.tenantId, identity.key);
    if (!existing) throw new Error(`identity ${identity.key} was refused as a duplicate but is not found`);
    return existing;
  }

  markChecked(tenantId: TenantId, id: Types.ObjectId): Promise<void> {
    return this.checked.call({ tenantId, id });
  }

  /**
   * Identities of other customers than `excludeId` holding any of these match keys (by the `matchKeys` index), at
   * most `limit`: only their customer and keys.
   */
  async findByMatchKeys(
    tenantId: TenantId,
    excludeId: Types.ObjectId,
    keys: string[],
    limit: number,
  ): Promise<Pick<Identity, 'customerId' | 'matchKeys'>[]> {
    if (keys.length === 0) return [];
    return this.model
      .find(this.scoped({ tenantId, matchKeys: { $in: keys }, customerId: { $ne: excludeId } }), {
        customerId: 1,
        matchKeys: 1,
      })
      .limit(limit)
      .lean<Pick<Identity, 'customerId' | 'matchKeys'>[]>()
      .exec();
  }

  /**
   * Sets the match keys of a page of identities (by id, after `afterId`) that lack them or hold stale ones: the
   * backfill of data stored before keys existed. Answers the last id read, undefined at the end.
   */
  async backfillMatchKeys(
    tenantId: TenantId,
    afterId: Types.ObjectId | undefined,
    limit: number,
  ): Promise<{ lastId?: Types.ObjectId; updated: number }> {
    const page = await this.model
      .find(this.scoped({ tenantId, ...(afterId ? { _id: { $gt: afterId } } : {}) }), {
        anonymous: 1,
        identifierType: 1,
        address: 1,
        unverified: 1,
        matchKeys: 1,
      })
      .sort({ _id: 1 })
      .limit(limit)
      .lean<Stored<Identity>[]>()
      .exec();
    const operations = page.flatMap((identity) => {
      const keys = identityMatchKeys(identity);
      return sameKeys(identity.matchKeys, keys)
        ? []
        : [
            {
              updateOne: {
                filter: this.scoped({ tenantId, _id: identity._id }),
                update: { $set: { matchKeys: keys } },
              },
            },
          ];
    });
    if (operations.length > 0) await this.model.bulkWrite(operations, { ordered: false, timestamps: false });
    return { lastId: page.at(-1)?._id, updated: operations.length };
  }

  async findByCustomers(tenantId: TenantId, customerIds: Types.ObjectId[]): Promise<Stored<Identity>[]> {
    const held = await Promise.all(
      customerIds.map((customerId) => this.byCustomer.call({ tenantId, value: customerId })),
    );
    return held.flat();
  }

  /**
   * What goes back to the victims of a merge being undone: their identities (by id, wherever they are now), and the
   * survivor's identities that joined it since through one of the victims' identifiers.
   */
  findReturning(
    tenantId: TenantId,
    ids: Types.ObjectId[],
    survivorId: Types.ObjectId,
    identifiers: { type: IdentifierType; value: string }[],
  ): Promise<Stored<Identity>[]> {
    const joined = identifiers.map(({ type, value }) => ({
      customerId: survivorId,
      identifierType: type,
      address: value,
    }));
    return this.find({ tenantId, $or: [{ _id: { $in: ids } }, ...joined] });
  }

  /** The customers holding an identity with any of these addresses (normalized, or patterns), at most `limit`. */
  async customerIdsWithAddress(
    tenantId: TenantId,
    addresses: (string | RegExp)[],
    limit: number,
  ): Promise<Types.ObjectId[]> {
    if (addresses.length === 0) return [];
    const found = await this.model
      .find(this.scoped({ tenantId, address: { $in: addresses } }), { customerId: 1 })
      .limit(limit)
      .lean<Pick<Identity, 'customerId'>[]>()
      .exec();
    return [...new Map(found.map(({ customerId }) => [customerId.toHexString(), customerId])).values()];
  }
}

@Injectable()
export class IdentifierOwnerRepository extends TenantScopedRepository<IdentifierOwner> {
  constructor(@InjectModel(IdentifierOwner.name) model: Model<IdentifierOwner>) {
    super(model);
  }

  private readonly claims = this.coalescedUpsert('claim', (owner) =>
    [owner.tenantId, owner.identifierType, owner.value].map(String).join(' '),
  );

  /**
   * The owner of the identifier: an existing one, or `candidate` for the identity of key `claimant` when this call
   * claimed it. The unique index decides races: a losing concurrent upsert (a duplicate key) is done again and finds
   * the winner.
   */
  async claim(
    tenantId: TenantId,
    identifierType: IdentifierType,
    value: string,
    candidate: Types.ObjectId,
    claimant: string,
  ): Promise<Pick<IdentifierOwner, 'customerId' | 'claimedBy'>> {
    const { customerId, claimedBy } = await this.claims.call({
      filter: this.scoped({ tenantId, identifierType, value }),
      update: { $setOnInsert: { customerId: candidate, claimedBy: claimant } },
    });
    return { customerId, claimedBy };
  }
}
