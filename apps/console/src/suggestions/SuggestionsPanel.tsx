import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { INBOX_PAGE_SIZE } from './api';
import { filtersOf, filtersToParams, MIN_SCORES, RULE_LABELS, type SuggestionFilters } from './filters';
import { scoreLabel } from './describe';
import { MergeDialog } from './MergeDialog';
import { partiesOf } from './parties';
import { RejectDialog } from './RejectDialog';
import { SuggestionCard } from './SuggestionCard';
import type { KnownSuggestion, SuggestionSummary } from './types';
import type { Suggestions } from './useSuggestions';
import { RetryAlert } from '../RetryAlert';

interface SuggestionsPanelProps {
  token: string;
  suggestions: Suggestions;
  onUnauthorized: () => void;
}

type OpenDialog = { kind: 'merge' | 'reject'; suggestion: KnownSuggestion } | null;

const countFormat = new Intl.NumberFormat('en-US');

/** Merge suggestions waiting for an agent, best match first, a page at a time, live; accepting previews first. */
export function SuggestionsPanel({ token, suggestions, onUnauthorized }: SuggestionsPanelProps) {
  const { items, decided, more, total, status, retry, show, store, directory, customers } = suggestions;
  const [dialog, setDialog] = useState<OpenDialog>(null);
  const [params, setParams] = useSearchParams();
  const filters = filtersOf(params);
  const filtered = filters.rules.length > 0 || filters.minScore !== undefined;
  const filtersKey = filtersToParams(filters).toString();
  // Read from the first page whenever the filters in the address change.
  useEffect(() => show(filters), [show, filtersKey]);
  const setFilters = (next: SuggestionFilters): void => setParams(filtersToParams(next), { replace: true });
  const applySuggestion = (suggestion: SuggestionSummary): void => store.apply([suggestion]);
  const close = (): void => setDialog(null);
  const loading = status.phase === 'loading';

  // The dialog follows the suggestion live: the latest listed version, else what it was when opened.
  const current = dialog && (items.find((item) => item.id === dialog.suggestion.id) ?? dialog.suggestion);
  const dialogProps = current && {
    token,
    decided: decided.get(current.id),
    parties: partiesOf(current, customers),
    onSuggestion: applySuggestion,
    onClose: close,
    onUnauthorized,
  };

  return (
    <section className="card" aria-labelledby="suggestions-title" data-testid="suggestions-panel">
      <div className="card-header">
        <h2 id="suggestions-title">Suggestions</h2>
        <span className="muted small" data-testid="suggestions-count">
          {loading
            ? 'Loading…'
            : status.phase === 'error' && items.length === 0
              ? 'Not loaded'
              : waitingCount(items.length, more, total, filtered)}
        </span>
      </div>

      <FilterBar filters={filters} onChange={setFilters} />

      {status.phase === 'error' ? <RetryAlert message={status.message} onRetry={retry} /> : null}

      <div aria-live="polite" aria-relevant="additions removals">
        {items.length === 0 ? (
          status.phase !== 'ready' || more ? null : (
            <p className="empty" data-testid="suggestions-empty">
              {filtered ? 'No merge suggestions match these filters' : 'No merge suggestions'}
            </p>
          )
        ) : (
          <ol className="suggestions" data-testid="suggestion-list">
            {items.map((suggestion) => (
              <SuggestionCard
                key={suggestion.id}
                suggestion={suggestion}
                customers={customers}
                directory={directory}
                onAccept={() => setDialog({ kind: 'merge', suggestion })}
                onReject={() => setDialog({ kind: 'reject', suggestion })}
              />
            ))}
          </ol>
        )}
      </div>
      {more && !loading ? (
        <div className="panel-more">
          <button
            className="button button-secondary"
            type="button"
            data-testid="suggestions-more"
            disabled={status.phase === 'ready' && status.loadingMore}
            onClick={suggestions.showMore}
          >
            {status.phase === 'ready' && status.loadingMore ? 'Loading…' : moreLabel(items.length, total)}
          </button>
        </div>
      ) : null}

      {dialogProps && dialog.kind === 'merge' ? (
        <MergeDialog key={current.id} {...dialogProps} suggestion={current} />
      ) : null}
      {dialogProps && dialog.kind === 'reject' ? (
        <RejectDialog key={current.id} {...dialogProps} suggestionId={current.id} />
      ) : null}
    </section>
  );
}

/** The header's count: the api's total when it gave one; all of them when every page is read; else "more". */
function waitingCount(shown: number, more: boolean, total: number | null, filtered: boolean): string {
  const matching = filtered ? ' that match' : '';
  if (!more) return `${countFormat.format(shown)} waiting${matching}`;
  if (total !== null) return `${countFormat.format(shown)} shown of ${countFormat.format(total)} waiting${matching}`;
  return `${countFormat.format(shown)} shown, more waiting${matching}`;
}

/** How many the next page brings ("Show 12 more" near the end), when the total tells. */
function moreLabel(shown: number, total: number | null): string {
  const left = total === null ? 0 : Math.min(INBOX_PAGE_SIZE, total - shown);
  return left > 0 ? `Show ${left} more` : 'Show more';
}

function FilterBar({ filters, onChange }: { filters: SuggestionFilters; onChange: (next: SuggestionFilters) => void }) {
  const toggle = (rule: SuggestionFilters['rules'][number], on: boolean): void =>
    onChange({ ...filters, rules: on ? [...filters.rules, rule] : filters.rules.filter((each) => each !== rule) });
  return (
    <fieldset className="filters" data-testid="suggestion-filters">
      <legend className="small">Show only</legend>
      <div className="filter-rules">
        {(Object.keys(RULE_LABELS) as (keyof typeof RULE_LABELS)[]).map((rule) => (
          <label key={rule} className="filter-rule small">
            <input
              type="checkbox"
              checked={filters.rules.includes(rule)}
              onChange={(event) => toggle(rule, event.currentTarget.checked)}
            />{' '}
            {RULE_LABELS[rule]}
          </label>
        ))}
      </div>
      <label className="small">
        Minimum score{' '}
        <select
          value={filters.minScore === undefined ? '' : String(filters.minScore)}
          onChange={(event) => {
            const value = event.currentTarget.value;
            const { minScore: _previous, ...rest } = filters;
            onChange(value === '' ? rest : { ...rest, minScore: Number(value) });
          }}
        >
          <option value="">Any</option>
          {MIN_SCORES.map((score) => (
            <option key={score} value={String(score)}>
              {scoreLabel(score)}
            </option>
          ))}
        </select>
      </label>
    </fieldset>
  );
}
