import { useState } from 'react';
import { MergeDialog } from './MergeDialog';
import { partiesOf } from './parties';
import { RejectDialog } from './RejectDialog';
import { SuggestionCard } from './SuggestionCard';
import type { KnownSuggestion, SuggestionSummary } from './types';
import type { Suggestions } from './useSuggestions';

interface SuggestionsPanelProps {
  token: string;
  suggestions: Suggestions;
  onUnauthorized: () => void;
}

type OpenDialog = { kind: 'merge' | 'reject'; suggestion: KnownSuggestion } | null;

/** Merge suggestions waiting for an agent, live; accepting previews the merge first. */
export function SuggestionsPanel({ token, suggestions, onUnauthorized }: SuggestionsPanelProps) {
  const { items, decided, status, retry, store, directory, customers } = suggestions;
  const [dialog, setDialog] = useState<OpenDialog>(null);
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
          {status.phase === 'loading' && items.length === 0 ? 'Loading…' : `${items.length} waiting`}
        </span>
      </div>

      {status.phase === 'error' ? (
        <div className="panel-alert">
          <p className="alert" role="alert">
            {status.message}
          </p>
          <button className="button button-secondary" type="button" onClick={retry}>
            Try again
          </button>
        </div>
      ) : null}

      <div aria-live="polite" aria-relevant="additions removals">
        {items.length === 0 ? (
          status.phase === 'loading' ? null : (
            <p className="empty" data-testid="suggestions-empty">
              No merge suggestions
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

      {dialogProps && dialog.kind === 'merge' ? (
        <MergeDialog key={current.id} {...dialogProps} suggestion={current} />
      ) : null}
      {dialogProps && dialog.kind === 'reject' ? (
        <RejectDialog key={current.id} {...dialogProps} suggestionId={current.id} />
      ) : null}
    </section>
  );
}
