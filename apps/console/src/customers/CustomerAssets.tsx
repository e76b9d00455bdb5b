import { useEffect, useState } from 'react';
import { isUnauthorized, messageOf } from '../api';
import type { ConsoleContext } from '../consoleContext';
import { fetchAssets, formatAmount, type CustomerAssets as Assets, type NumberedAsset } from './assets';
import { formatDateTime, plural } from './format';
import type { CustomerProfile } from './types';
import type { Loaded } from './useCustomerData';

interface CustomerAssetsProps {
  context: ConsoleContext;
  customer: CustomerProfile;
  /** Bumped by every live change of the customer (a merge into it among them): the assets are fetched again. */
  version: number;
}

const NUMBERED: { key: 'giftCards' | 'rewardCards' | 'houseAccounts'; title: string }[] = [
  { key: 'giftCards', title: 'Gift cards' },
  { key: 'rewardCards', title: 'Reward cards' },
  { key: 'houseAccounts', title: 'House accounts' },
];

/** The customer's loyalty standing, cards, house accounts and latest transactions, as integrations posted them. */
export function CustomerAssets({ context, customer, version }: CustomerAssetsProps) {
  const { token, onUnauthorized } = context;
  const [state, setState] = useState<Loaded<Assets>>({ phase: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    setState((previous) => ({ phase: 'loading', data: previous.data }));
    fetchAssets(token, customer.id, controller.signal).then(
      (assets) => setState({ phase: 'ready', data: assets }),
      (error: unknown) => {
        if (controller.signal.aborted) return;
        if (isUnauthorized(error)) onUnauthorized();
        const message = messageOf(error, 'The assets could not be loaded.');
        setState((previous) => ({ phase: 'error', message, data: previous.data }));
      },
    );
    return () => controller.abort();
  }, [token, customer.id, version, attempt, onUnauthorized]);

  const assets = state.data;
  return (
    <section className="card" aria-labelledby="assets-title" data-testid="customer-assets">
      <div className="card-header">
        <h2 id="assets-title">Assets</h2>
        {state.phase === 'loading' && !assets ? <span className="muted small">Loading…</span> : null}
      </div>
      {state.phase === 'error' ? (
        <div className="panel-alert">
          <p className="alert" role="alert">
            {state.message}
          </p>
          <button className="button button-secondary" type="button" onClick={() => setAttempt((n) => n + 1)}>
            Try again
          </button>
        </div>
      ) : null}
      {assets ? (
        <div className="card-body">
          <dl className="fields">
            <dt>Loyalty</dt>
            <dd data-testid="asset-loyalty">
              {assets.loyalty ? (
                <>
                  {plural(assets.loyalty.points, 'point')}
                  {assets.loyalty.tier ? <span className="badge">{assets.loyalty.tier}</span> : null}{' '}
                  <span className="muted small">tier progress {assets.loyalty.tierProgress}</span>
                </>
              ) : (
                <span className="muted">not a member</span>
              )}
            </dd>
            {NUMBERED.map(({ key, title }) => (
              <NumberedAssets key={key} title={title} kind={key} assets={assets[key]} />
            ))}
            <dt>Transactions</dt>
            <dd>
              {assets.transactions.length === 0 ? (
                <span className="muted">none</span>
              ) : (
                <ul className="plain">
                  {assets.transactions.map((transaction) => (
                    <li key={transaction.externalId} data-testid="asset-transaction">
                      {formatAmount(transaction.amount, transaction.currency)}{' '}
                      <span className="muted small">
                        {formatDateTime(transaction.occurredAt)}
                        {transaction.store ? ` · ${transaction.store}` : ''}
                      </span>
                    </li>
                  ))}
                </ul>
              )}
            </dd>
          </dl>
        </div>
      ) : null}
    </section>
  );
}

function NumberedAssets({ title, kind, assets }: { title: string; kind: string; assets: NumberedAsset[] }) {
  return (
    <>
      <dt>{title}</dt>
      <dd>
        {assets.length === 0 ? (
          <span className="muted">none</span>
        ) : (
          <ul className="plain">
            {assets.map((asset) => (
              <li key={asset.number} data-testid={`asset-${kind}`}>
                {asset.number} <span className="muted small">balance</span> {asset.balance}
                {asset.status === 'active' ? null : <span className="badge">{asset.status}</span>}
              </li>
            ))}
          </ul>
        )}
      </dd>
    </>
  );
}
