import { request } from '../api';

/** `GET /api/v1/customers/:id/assets` (agent+): what retail and loyalty integrations recorded on the customer. */
export interface CustomerAssets {
  customerId: string;
  loyalty: { points: number; tier: string | null; tierRank: number; tierProgress: number } | null;
  rewardCards: NumberedAsset[];
  giftCards: NumberedAsset[];
  houseAccounts: NumberedAsset[];
  /** The latest 50, newest first. */
  transactions: Transaction[];
}

export interface NumberedAsset {
  number: string;
  balance: number;
  status: 'active' | 'blocked' | 'closed';
}

export interface Transaction {
  externalId: string;
  amount: number;
  currency: string;
  occurredAt: string;
  store?: string;
  channel?: string;
}

export function fetchAssets(token: string, customerId: string, signal?: AbortSignal): Promise<CustomerAssets> {
  return request<CustomerAssets>(`/api/v1/customers/${encodeURIComponent(customerId)}/assets`, { token, signal });
}

export function formatAmount(amount: number, currency: string): string {
  try {
    return new Intl.NumberFormat(undefined, { style: 'currency', currency }).format(amount);
  } catch {
    return `${amount} ${currency}`;
  }
}
/** `GET /api/v1/customers/:id/assets/merge-preview?victimId=`: what a merge would bring, and the kept one after it. */
export interface AssetsMergePreview {
  moving: CustomerAssets;
  after: CustomerAssets;
}

export function fetchAssetsMergePreview(
  token: string,
  survivorId: string,
  victimId: string,
  signal?: AbortSignal,
): Promise<AssetsMergePreview> {
  const params = new URLSearchParams({ victimId });
  return request<AssetsMergePreview>(
    `/api/v1/customers/${encodeURIComponent(survivorId)}/assets/merge-preview?${params.toString()}`,
    { token, signal },
  );
}
