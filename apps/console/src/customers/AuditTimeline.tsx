import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { isUnauthorized, messageOf } from '../api';
import type { ConsoleContext } from '../consoleContext';
import { fetchAudit } from './api';
import {
  auditInWords,
  counterpartOf,
  undoKey,
  undoneBy,
  undoneOperations,
  undoTargetOf,
  type UndoTarget,
} from './auditWords';
import { formatDateTime, identityNames } from './format';
import type { AuditRecord, CustomerProfile } from './types';
import { UndoDialog } from './UndoDialog';
import type { Loaded } from './useCustomerData';
import { RetryAlert } from '../RetryAlert';

interface AuditTimelineProps {
  context: ConsoleContext;
  customer: CustomerProfile;
  /**
   * Bumped when the customer changed — an undo's event among others (`merge.undone`, `detach.undone`,
   * `conversation.updated`): the trail is fetched again, and says which operations are undone.
   */
  version: number;
}

const KIND_MARKS: Record<string, string> = {
  'customer.merged': '⇥',
  'identity.detached': '⇤',
  'conversation.moved': '⇄',
  'suggestion.accepted': '✓',
  'suggestion.rejected': '✕',
  'customer.updated': '✎',
  'settings.identity.updated': '⚙',
  'identity.joined': '+',
};

/** An undo's record, whatever it undid. */
const UNDO_MARK = '↺';

/** The customer's audit trail, newest first (supervisors and admins), with Undo on merges, detaches and moves. */
export function AuditTimeline({ context, customer, version }: AuditTimelineProps) {
  const { token, onUnauthorized } = context;
  const [state, setState] = useState<Loaded<AuditRecord[]>>({ phase: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const [undoing, setUndoing] = useState<{ record: AuditRecord; target: UndoTarget } | null>(null);
  /** Undos started here, by `undoKey`, until the trail shows them done: meanwhile their record says so. */
  const [pending, setPending] = useState<ReadonlySet<string>>(new Set());

  useEffect(() => {
    const controller = new AbortController();
    setState((previous) => ({ phase: 'loading', data: previous.data }));
    fetchAudit(token, customer.id, controller.signal).then(
      (page) => setState({ phase: 'ready', data: page.items }),
      (error: unknown) => {
        if (controller.signal.aborted) return;
        if (isUnauthorized(error)) onUnauthorized();
        const message = messageOf(error, 'The audit trail could not be loaded.');
        setState((previous) => ({ phase: 'error', message, data: previous.data }));
      },
    );
    return () => controller.abort();
  }, [token, customer.id, version, attempt, onUnauthorized]);

  const records = state.data ?? [];
  const undone = undoneOperations(records);
  const view = { customerId: customer.id, names: identityNames(customer) };

  return (
    <section className="card" aria-labelledby="audit-title" data-testid="audit-timeline">
      <div className="card-header">
        <h2 id="audit-title">Audit trail</h2>
        <span className="muted small">Newest first · supervisors only</span>
      </div>
      {state.phase === 'error' ? <RetryAlert message={state.message} onRetry={() => setAttempt((n) => n + 1)} /> : null}
      {state.phase === 'loading' && records.length === 0 ? (
        <p className="empty" role="status">
          Loading the audit trail…
        </p>
      ) : null}
      {state.phase === 'ready' && records.length === 0 ? (
        <p className="empty" data-testid="audit-empty">
          Nothing recorded for this customer yet
        </p>
      ) : null}
      <ol className="timeline">
        {records.map((record) => {
          const words = auditInWords(record, context.user.id, view);
          const target = undoTargetOf(record);
          const key = target ? undoKey(target) : '';
          const counterpart = counterpartOf(record, customer.id);
          const isUndo = undoneBy(record) !== undefined;
          return (
            <li
              key={record.id}
              className="timeline-item"
              data-testid="audit-record"
              data-type={record.type}
              data-undo={isUndo ? 'true' : undefined}
            >
              <span className="timeline-mark" aria-hidden="true">
                {isUndo ? UNDO_MARK : (KIND_MARKS[record.type] ?? '•')}
              </span>
              <div className="timeline-body">
                <p className="timeline-title">{words.title}</p>
                {words.details.length > 0 ? (
                  <ul className="timeline-details">
                    {words.details.map((detail) => (
                      <li key={detail}>{detail}</li>
                    ))}
                  </ul>
                ) : null}
                {counterpart ? (
                  <Link className="small" to={`/customers/${counterpart.customerId}`}>
                    {counterpart.label}
                  </Link>
                ) : null}
              </div>
              <div className="timeline-end">
                <time className="muted small" dateTime={record.at}>
                  {formatDateTime(record.at)}
                </time>
                {target ? (
                  undone.has(key) ? (
                    <span className="badge badge-muted" data-testid="undo-done">
                      undone
                    </span>
                  ) : pending.has(key) ? (
                    <span className="muted small" role="status" data-testid="undo-running">
                      Undoing…
                    </span>
                  ) : (
                    <button
                      className="button button-small button-secondary"
                      type="button"
                      data-testid="undo-button"
                      onClick={() => setUndoing({ record, target })}
                    >
                      Undo
                    </button>
                  )
                ) : null}
              </div>
            </li>
          );
        })}
      </ol>
      {undoing ? (
        <UndoDialog
          context={context}
          customer={customer}
          record={undoing.record}
          target={undoing.target}
          onClose={() => setUndoing(null)}
          onStarted={(started, finished) => {
            setUndoing(null);
            if (!finished) setPending((current) => new Set(current).add(undoKey(started)));
            setAttempt((n) => n + 1);
          }}
        />
      ) : null}
    </section>
  );
}
