import { useId, useState } from 'react';
import { Link } from 'react-router';
import { CHANNEL_MARKS, channelName, customerName, identityLabel } from './format';
import type { CustomerSummary } from './types';
import { useCustomerSearch } from './useCustomerSearch';

interface CustomerSearchProps {
  token: string;
  onUnauthorized: () => void;
  query: string;
  onQueryChange: (query: string) => void;
  /** Without it, each result links to its page; with it, each result is a button that picks the customer. */
  onPick?: (customer: CustomerSummary) => void;
  /** A customer not to offer (the one being moved away from). */
  exclude?: string;
  autoFocus?: boolean;
  label?: string;
}

/** A search box with results as you type: name, phone in any format, email, card or unique identifier. */
export function CustomerSearch({
  token,
  onUnauthorized,
  query,
  onQueryChange,
  onPick,
  exclude,
  autoFocus,
  label = 'Search customers',
}: CustomerSearchProps) {
  const inputId = useId();
  const hintId = useId();
  const [attempt, setAttempt] = useState(0);
  const state = useCustomerSearch(token, query, onUnauthorized, attempt);
  const items = state.phase === 'error' ? [] : (state.items ?? []).filter((customer) => customer.id !== exclude);
  const searching = query.trim().length > 0;

  return (
    <div className="search" data-testid="customer-search">
      <div className="field">
        <label htmlFor={inputId}>{label}</label>
        <input
          id={inputId}
          type="search"
          value={query}
          placeholder="Name, phone, email or identifier"
          autoComplete="off"
          spellCheck={false}
          autoFocus={autoFocus}
          aria-describedby={hintId}
          aria-controls={`${inputId}-results`}
          onChange={(event) => onQueryChange(event.target.value)}
        />
        <span id={hintId} className="muted small" role="status" data-testid="search-status">
          {state.phase === 'loading'
            ? 'Searching…'
            : state.phase === 'error'
              ? ''
              : searching
                ? `${items.length === 1 ? '1 customer' : `${items.length} customers`} found`
                : 'Newest customers'}
        </span>
      </div>

      {state.phase === 'error' ? (
        <div className="panel-alert panel-alert-flush">
          <p className="alert" role="alert">
            {state.message}
          </p>
          <button className="button button-secondary" type="button" onClick={() => setAttempt((n) => n + 1)}>
            Try again
          </button>
        </div>
      ) : null}

      {state.phase === 'ready' && items.length === 0 ? (
        <p className="empty" data-testid="search-empty">
          {searching ? `No customer matches “${query.trim()}”` : 'No customers yet'}
        </p>
      ) : null}

      {items.length > 0 ? (
        <ul
          id={`${inputId}-results`}
          className="results"
          data-testid="search-results"
          aria-busy={state.phase === 'loading'}
        >
          {items.map((customer) => (
            <li key={customer.id} className="result" data-testid="search-result">
              {onPick ? (
                <button type="button" className="result-target" onClick={() => onPick(customer)}>
                  <ResultBody customer={customer} />
                </button>
              ) : (
                <Link to={`/customers/${customer.id}`} className="result-target">
                  <ResultBody customer={customer} />
                </Link>
              )}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

function ResultBody({ customer }: { customer: CustomerSummary }) {
  const identities = customer.identities.slice(0, 4);
  return (
    <>
      <span className="result-name">{customerName(customer)}</span>
      <span className="result-identities">
        {identities.map((identity) => (
          <span key={identity.id} className="chip" title={channelName(identity.kind)}>
            <span className={`channel-mark channel-${identity.kind}`} aria-label={channelName(identity.kind)}>
              {CHANNEL_MARKS[identity.kind]}
            </span>
            {identityLabel(identity)}
          </span>
        ))}
        {customer.identities.length > identities.length ? (
          <span className="muted small">+{customer.identities.length - identities.length} more</span>
        ) : null}
      </span>
      <span className={`kind kind-${customer.kind}`}>{customer.kind === 'member' ? 'Member' : 'Contact'}</span>
    </>
  );
}
