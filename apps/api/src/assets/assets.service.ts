import { Injectable } from '@nestjs/common';
import type { Principal } from '@app/auth';
import { notFound, ProblemException } from '@app/http';
import type { Types } from 'mongoose';
import {
  CustomerAssetRepository,
  CustomerRepository,
  type Customer,
  type Stored,
  type TenantId,
} from '@app/persistence';
import { resolveActiveCustomer } from '../customers/active-customer.js';
import { toCustomerAssets, toLoyaltyView, toNumberedView, toTransactionView } from './asset-view.js';
import {
  NUMBERED_ASSET_PATHS,
  type AssetsMergePreview,
  type CustomerAssets,
  type LoyaltyView,
  type NumberedAssetPath,
  type NumberedAssetView,
  type PutNumberedAssetDto,
  type RecordTransactionDto,
  type SetLoyaltyDto,
  type TransactionView,
} from './assets.dto.js';

const LISTED_TRANSACTIONS = 50;
/** As for resolving a tombstone: a deeper nesting of merges is a broken journal. */
const MAX_MERGE_HOPS = 16;

const isNumberedAssetPath = (path: string): path is NumberedAssetPath => Object.hasOwn(NUMBERED_ASSET_PATHS, path);

/** Customer assets that retail and loyalty integrations post, read by agents. */
@Injectable()
export class AssetsService {
  constructor(
    private readonly customers: CustomerRepository,
    private readonly assets: CustomerAssetRepository,
  ) {}

  async of(principal: Principal, id: string): Promise<CustomerAssets> {
    const customer = await this.active(principal, id, '/assets');
    return this.assetsOf(principal, await this.holdersOf(principal.tenantId, customer._id));
  }

  private async assetsOf(principal: Principal, holders: Types.ObjectId[]): Promise<CustomerAssets> {
    const [holdings, transactions] = await Promise.all([
      this.assets.holdingsOf(principal.tenantId, holders),
      this.assets.recentTransactions(principal.tenantId, holders, LISTED_TRANSACTIONS),
    ]);
    return toCustomerAssets(holders, holdings, transactions);
  }

  /** The assets a merge of `victimId` into the customer would bring, and the customer's assets after it. */
  async mergePreview(principal: Principal, id: string, victimId: string): Promise<AssetsMergePreview> {
    const [survivor, victim] = await Promise.all([
      this.active(principal, id, `/assets/merge-preview?victimId=${victimId}`),
      this.activeVictim(principal, victimId),
    ]);
    const [kept, brought] = await Promise.all([
      this.holdersOf(principal.tenantId, survivor._id),
      this.holdersOf(principal.tenantId, victim._id),
    ]);
    const [moving, after] = await Promise.all([
      this.assetsOf(principal, brought),
      this.assetsOf(principal, [...kept, ...brought]),
    ]);
    return { moving, after };
  }

  async recordTransaction(
    principal: Principal,
    id: string,
    dto: RecordTransactionDto,
  ): Promise<{ transaction: TransactionView; created: boolean }> {
    const customer = await this.active(principal, id, '/assets/transactions');
    const { transaction, created } = await this.assets.recordTransaction(
      principal.tenantId,
      customer._id,
      dto.externalId,
      {
        amount: dto.amount,
        currency: dto.currency,
        occurredAt: new Date(dto.occurredAt),
        store: dto.store,
        channel: dto.channel,
      },
    );
    return { transaction: toTransactionView(transaction), created };
  }

  async setLoyalty(principal: Principal, id: string, dto: SetLoyaltyDto): Promise<LoyaltyView> {
    const customer = await this.active(principal, id, '/assets/loyalty');
    const { points, tier, tierRank, tierProgress } = dto;
    const stored = await this.assets.setLoyalty(principal.tenantId, customer._id, {
      points,
      tier,
      tierRank,
      tierProgress,
    });
    if (stored) return toLoyaltyView(stored);
    // A merge took this customer's standing to its survivor since it was read: answered as the customer now is (308).
    await this.active(principal, id, '/assets/loyalty');
    throw new ProblemException(409, 'customer_busy', 'The loyalty standing is being moved by a merge', {
      customerId: id,
    });
  }

  async putNumbered(
    principal: Principal,
    id: string,
    path: string,
    number: string,
    dto: PutNumberedAssetDto,
  ): Promise<NumberedAssetView> {
    if (!isNumberedAssetPath(path)) throw notFound('kind of asset');
    const customer = await this.active(principal, id, `/assets/${path}/${encodeURIComponent(number)}`);
    const holders = await this.holdersOf(principal.tenantId, customer._id);
    const stored = await this.assets.putNumbered(principal.tenantId, holders, NUMBERED_ASSET_PATHS[path], number, {
      balance: dto.balance,
      status: dto.status,
    });
    if (!stored) {
      throw new ProblemException(409, 'asset_taken', 'Another customer holds this number', { number });
    }
    return toNumberedView(stored);
  }

  /**
   * The customer first, then the profiles that became its tombstones, through merges of merges. A merge re-points
   * its victims' assets to the survivor (its `move-assets` step), so these profiles normally hold nothing; they are
   * read for what no merge moved: assets recorded on a detached customer whose detach was undone (it becomes a
   * tombstone of the source; detaches move no asset), a write that resolved a victim just before its merge made it a
   * tombstone, and merges made before merges moved assets. Every such record stays in reach, on the survivor.
   */
  private async holdersOf(tenantId: TenantId, customerId: Types.ObjectId): Promise<Types.ObjectId[]> {
    const holders = [customerId];
    let merged = [customerId];
    for (let hops = 0; merged.length > 0; hops++) {
      if (hops === MAX_MERGE_HOPS) throw new Error(`customer ${customerId.toHexString()}: merges nested too deep`);
      const victims = await this.customers.find({ tenantId, mergedInto: { $in: merged } });
      merged = victims.map((victim) => victim._id);
      holders.push(...merged);
    }
    return holders;
  }

  /** A merged-away profile cannot be merged again: refused as the merge itself refuses it, not redirected. */
  private async activeVictim(principal: Principal, id: string): Promise<Stored<Customer>> {
    const victim = await this.customers.findById(principal.tenantId, id);
    if (!victim) throw notFound('customer');
    if (victim.mergedInto) {
      throw new ProblemException(409, 'customer_merged', 'This customer was merged into another', {
        customerId: id,
        survivorId: victim.mergedInto.toHexString(),
      });
    }
    return victim;
  }

  private active(principal: Principal, id: string, subPath: string): Promise<Stored<Customer>> {
    return resolveActiveCustomer(this.customers, principal.tenantId, id, subPath);
  }
}
