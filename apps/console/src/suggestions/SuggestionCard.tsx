import { useEffect, useId } from 'react';
import { Link } from 'react-router';
import { BlockExplanation } from './BlockExplanation';
import type { CustomerDirectory, DirectorySnapshot } from './customerDirectory';
import { describeEvidence, scoreLabel } from './describe';
import { defaultSurvivor, keptAndRemoved, partiesOf } from './parties';
import type { KnownSuggestion } from './types';

interface SuggestionCardProps {
  suggestion: KnownSuggestion;
  customers: DirectorySnapshot;
  directory: CustomerDirectory;
  onAccept: () => void;
  onReject: () => void;
}

const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function SuggestionCard({ suggestion, customers, directory, onAccept, onReject }: SuggestionCardProps) {
  const titleId = useId();
  const [first, second] = suggestion.customerIds;

  useEffect(() => {
    directory.load(first);
    directory.load(second);
  }, [directory, first, second]);

  const parties = partiesOf(suggestion, customers);
  const blocked = suggestion.status === 'blocked';
  const [survivor, victim] = keptAndRemoved(parties, defaultSurvivor(suggestion, parties));
  const created = new Date(suggestion.createdAt);

  return (
    <li
      className={`suggestion${blocked ? ' suggestion-blocked' : ''}`}
      data-testid="suggestion"
      data-suggestion-id={suggestion.id}
      data-status={suggestion.status}
    >
      <article aria-labelledby={titleId}>
        <div className="suggestion-head">
          <h3 id={titleId} className="suggestion-title">
            <Link to={`/customers/${parties[0].id}`} className="customer-link" data-testid="suggestion-customer">
              {parties[0].label}
            </Link>
            <span className="muted"> and </span>
            <Link to={`/customers/${parties[1].id}`} className="customer-link" data-testid="suggestion-customer">
              {parties[1].label}
            </Link>
          </h3>
          <span className="score" data-testid="suggestion-score" title="How strongly the evidence says one person">
            Score {scoreLabel(suggestion.score)}
          </span>
        </div>
        <ul className="evidence" aria-label="Evidence" data-testid="suggestion-evidence">
          {suggestion.evidence.map((evidence, index) => (
            <li key={`${evidence.rule}:${index}`}>{describeEvidence(evidence, parties)}</li>
          ))}
        </ul>
        {blocked ? (
          <BlockExplanation
            blocks={suggestion.blocks}
            survivor={survivor.label}
            victim={victim.label}
            testId="suggestion-blocked"
          />
        ) : null}
        <div className="suggestion-foot">
          {Number.isNaN(created.getTime()) ? null : (
            <time className="muted small" dateTime={suggestion.createdAt}>
              Found {timeFormat.format(created)}
            </time>
          )}
          <div className="actions">
            <button className="button button-secondary" type="button" onClick={onReject} aria-describedby={titleId}>
              Reject
            </button>
            {blocked ? null : (
              <button className="button button-primary" type="button" onClick={onAccept} aria-describedby={titleId}>
                Accept
              </button>
            )}
          </div>
        </div>
      </article>
    </li>
  );
}
