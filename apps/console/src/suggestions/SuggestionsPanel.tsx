import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { filtersOf, filtersToParams, matchesFilters, MIN_SCORES, RULE_LABELS, type SuggestionFilters } from './filters';
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

/** Cards shown at first and added by "Show more": each card loads both profiles, so thousands are not drawn at once. */
const PAGE_SIZE = 25;

type OpenDialog = { kind: 'merge' | 'reject'; suggestion: KnownSuggestion } | null;

/** Merge suggestions waiting for an agent, live; accepting previews the merge first. */
export function SuggestionsPanel({ token, suggestions, onUnauthorized }: SuggestionsPanelProps) {
  const { items, decided, status, retry, store, directory, customers } = suggestions;
  const [dialog, setDialog] = useState<OpenDialog>(null);
  const [params, setParams] = useSearchParams();
  const filters = filtersOf(params);
  const matching = items.filter((item) => matchesFilters(item, filters));
  const [visible, setVisible] = useState(PAGE_SIZE);
  const shown = matching.slice(0, visible);
  const hidden = matching.length - shown.length;
  const filtered = filters.rules.length > 0 || filters.minScore !== undefined;
  const setFilters = (next: SuggestionFilters): void => {
    setVisible(PAGE_SIZE);
    setParams(filtersToParams(next), { replace: true });
  };
  const applySuggestion = (suggestion: SuggestionSummary): void => store.apply([suggestion]);
  const close = (): void => setDialog(null);

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
          {status.phase === 'loading' && items.length === 0
            ? 'Loading…'
            : filtered
              ? `${matching.length} of ${items.length} waiting`
              : `${items.length} waiting`}
        </span>
      </div>

      <FilterBar filters={filters} onChange={setFilters} />

      {status.phase === 'error' ? <RetryAlert message={status.message} onRetry={retry} /> : null}

      <div aria-live="polite" aria-relevant="additions removals">
        {shown.length === 0 ? (
          status.phase === 'loading' ? null : (
            <p className="empty" data-testid="suggestions-empty">
              {filtered && items.length > 0 ? 'No merge suggestions match these filters' : 'No merge suggestions'}
            </p>
          )
        ) : (
          <ol className="suggestions" data-testid="suggestion-list">
            {shown.map((suggestion) => (
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
      {hidden > 0 ? (
        <div className="panel-more">
          <button
            className="button button-secondary"
            type="button"
            data-testid="suggestions-more"
            onClick={() => setVisible((count) => count + PAGE_SIZE)}
          >
            Show {Math.min(hidden, PAGE_SIZE)} more ({hidden} not shown)
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
