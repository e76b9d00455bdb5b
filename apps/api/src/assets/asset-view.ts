import type { Types } from 'mongoose';
import { mergeLoyalty, NO_LOYALTY, type Loyalty } from '@app/domain';
import type { CustomerAsset, Stored } from '@app/persistence';
import type { CustomerAssets, LoyaltyView, NumberedAssetView, TransactionView } from './assets.dto.js';

export function toTransactionView(asset: Stored<CustomerAsset>): TransactionView {
  return {
    externalId: asset.key,
    amount: asset.amount ?? 0,
    currency: asset.currency ?? '',
    occurredAt: (asset.occurredAt ?? asset.createdAt).toISOString(),
    ...(asset.store ? { store: asset.store } : {}),
    ...(asset.channel ? { channel: asset.channel } : {}),
  };
}

export function toLoyaltyView(asset: Stored<CustomerAsset>): LoyaltyView {
  return {
    points: asset.points ?? 0,
    tier: asset.tier ?? null,
    tierRank: asset.tierRank ?? 0,
    tierProgress: asset.tierProgress ?? 0,
  };
}

export function toNumberedView(asset: Stored<CustomerAsset>): NumberedAssetView {
  return { number: asset.key, balance: asset.balance ?? 0, status: asset.status ?? 'active' };
}

/**
 * What the customer holds, by kind: `holders` are the customer first, then the profiles merged into it;
 * `holdings` everything but transactions. Their loyalty standings add up as a merge adds them (DOMAIN §3).
 */
export function toCustomerAssets(
  holders: Types.ObjectId[],
  holdings: Stored<CustomerAsset>[],
  transactions: Stored<CustomerAsset>[],
): CustomerAssets {
  const ofKind = (kind: CustomerAsset['kind']) => holdings.filter((asset) => asset.kind === kind).map(toNumberedView);
  // A customer's own standing is keyed by its id; one a merge took in (keyed by the victim's) is counted in it already.
  const standings = holdings.filter(
    (asset) => asset.kind === 'loyalty' && asset.key === asset.customerId.toHexString(),
  );
  const standingOf = (holder: Types.ObjectId) => standings.find((asset) => asset.customerId.equals(holder));
  const [customer, ...merged] = holders.map(standingOf);
  const loyalty =
    standings.length === 0
      ? null
      : merged.reduce<Loyalty>(
          (total, standing) => (standing ? mergeLoyalty(total, toLoyaltyView(standing)) : total),
          customer ? toLoyaltyView(customer) : NO_LOYALTY,
        );
  return {
    customerId: holders[0].toHexString(),
    loyalty,
    rewardCards: ofKind('rewardCard'),
    giftCards: ofKind('giftCard'),
    houseAccounts: ofKind('houseAccount'),
    transactions: transactions.map(toTransactionView),
  };
}
