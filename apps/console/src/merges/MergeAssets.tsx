import { useEffect, useState } from 'react';
import { isUnauthorized, messageOf } from '../api';
import {
  fetchAssetsMergePreview,
  formatAmount,
  type AssetsMergePreview,
  type CustomerAssets,
} from '../customers/assets';
import { plural } from '../customers/format';

interface MergeAssetsProps {
  token: string;
  onUnauthorized: () => void;
  survivorId: string;
  victimId: string;
}

const loyaltyInWords = (loyalty: CustomerAssets['loyalty']): string =>
  loyalty
    ? `${plural(loyalty.points, 'point')}${loyalty.tier ? `, ${loyalty.tier}` : ''}, tier progress ${loyalty.tierProgress}`
    : 'not a member';

/** What the removed profile's integrations recorded that moves with the merge, and the kept profile's result. */
export function MergeAssets({ token, onUnauthorized, survivorId, victimId }: MergeAssetsProps) {
  const [preview, setPreview] = useState<AssetsMergePreview | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    fetchAssetsMergePreview(token, survivorId, victimId, controller.signal).then(setPreview, (failure: unknown) => {
      if (controller.signal.aborted) return;
      if (isUnauthorized(failure)) onUnauthorized();
      setError(messageOf(failure, 'The assets could not be loaded.'));
    });
    return () => controller.abort();
  }, [token, survivorId, victimId, onUnauthorized]);

  if (error) {
    return (
      <p className="alert" role="alert">
        {error}
      </p>
    );
  }
  if (!preview) return null;
  const { moving, after } = preview;
  const cards = [
    ...moving.giftCards.map((card) => ({ ...card, kind: 'Gift card' })),
    ...moving.rewardCards.map((card) => ({ ...card, kind: 'Reward card' })),
    ...moving.houseAccounts.map((account) => ({ ...account, kind: 'House account' })),
  ];
  return (
    <div className="preview" data-testid="merge-assets">
      <h3>Assets</h3>
      <ul className="moves">
        {cards.map((card) => (
          <li key={`${card.kind}:${card.number}`} data-testid="merge-asset">
            {card.kind} {card.number}, balance {card.balance}
            {card.status === 'active' ? '' : ` (${card.status})`}
          </li>
        ))}
        {moving.transactions.length > 0 ? (
          <li>
            {plural(moving.transactions.length, 'transaction')}, the latest{' '}
            {formatAmount(moving.transactions[0].amount, moving.transactions[0].currency)}
          </li>
        ) : null}
        {cards.length === 0 && moving.transactions.length === 0 && !moving.loyalty ? (
          <li className="muted">No asset moves.</li>
        ) : null}
      </ul>
      <dl className="fields">
        <dt>Loyalty</dt>
        <dd data-testid="merge-assets-loyalty">
          {moving.loyalty ? `${loyaltyInWords(moving.loyalty)} added: ` : ''}
          {loyaltyInWords(after.loyalty)} after the merge
        </dd>
      </dl>
    </div>
  );
}
