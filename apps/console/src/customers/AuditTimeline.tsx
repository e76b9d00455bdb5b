import { useEffect, useId, useState } from 'react';
import { Link } from 'react-router';
import { ApiError, isMissingRoute, isUnauthorized, messageOf } from '../api';
import type { ConsoleContext } from '../consoleContext';
import { Modal, ModalActions } from '../Modal';
import { useSocketEvent } from '../useSocketEvent';
import { fetchAudit, undoMerge } from './api';
import { auditInWords, mergeIdOf, obstacleInWords, undoneMerges, type ObstacleInWords } from './auditWords';
import { formatDateTime } from './format';
import type { AuditRecord, CustomerProfile } from './types';
import type { Loaded } from './useCustomerData';

interface AuditTimelineProps {
  context: ConsoleContext;
  customer: CustomerProfile;
  /** Bumped when the customer changed: the trail is fetched again. */
  version: number;
}

const KIND_MARKS: Record<string, string> = {
  'customer.merged': '⇥',
  'merge.undone': '↺',
  'identity.detached': '⇤',
  'conversation.moved': '⇄',
  'suggestion.accepted': '✓',
  'suggestion.rejected': '✕',
  'customer.updated': '✎',
  'settings.identity.updated': '⚙',
  'identity.joined': '+',
};

/** The customer's audit trail, newest first (supervisors and admins), with Undo on merges. */
export function AuditTimeline({ context, customer, version }: AuditTimelineProps) {
  const { token, onUnauthorized } = context;
  const [state, setState] = useState<Loaded<AuditRecord[]>>({ phase: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const [undoing, setUndoing] = useState<AuditRecord | null>(null);
  /** Undos started here whose `merge.undone` has not arrived yet. */
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

  useSocketEvent(context.socket, 'merge.undone', (event) => {
    setPending((current) => {
      if (!current.has(event.mergeId)) return current;
      const next = new Set(current);
      next.delete(event.mergeId);
      return next;
    });
    setAttempt((n) => n + 1);
  });

  const records = state.data ?? [];
  const undone = undoneMerges(records);

  return (
    <section className="card" aria-labelledby="audit-title" data-testid="audit-timeline">
      <div className="card-header">
        <h2 id="audit-title">Audit trail</h2>
        <span className="muted small">Newest first · supervisors only</span>
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
          const words = auditInWords(record, context.user.id);
          const mergeId = mergeIdOf(record);
          const detachedTo = record.type === 'identity.detached' ? record.after.toCustomerId : undefined;
          return (
            <li key={record.id} className="timeline-item" data-testid="audit-record" data-type={record.type}>
              <span className="timeline-mark" aria-hidden="true">
                {KIND_MARKS[record.type] ?? '•'}
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
                {typeof detachedTo === 'string' && detachedTo !== customer.id ? (
                  <Link className="small" to={`/customers/${detachedTo}`}>
                    Open the new customer
                  </Link>
                ) : null}
              </div>
              <div className="timeline-end">
                <time className="muted small" dateTime={record.at}>
                  {formatDateTime(record.at)}
                </time>
                {mergeId ? (
                  undone.has(mergeId) ? (
                    <span className="badge badge-muted" data-testid="merge-undone">
                      undone
                    </span>
                  ) : pending.has(mergeId) ? (
                    <span className="muted small" role="status" data-testid="undo-running">
                      Undoing…
                    </span>
                  ) : (
                    <button
                      className="button button-small button-secondary"
                      type="button"
                      data-testid="undo-button"
                      onClick={() => setUndoing(record)}
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
          record={undoing}
          onClose={() => setUndoing(null)}
          onStarted={(mergeId, finished) => {
            setUndoing(null);
            if (!finished) setPending((current) => new Set(current).add(mergeId));
            setAttempt((n) => n + 1);
          }}
        />
      ) : null}
    </section>
  );
}

interface UndoFailure {
  message: string;
  obstacles: ObstacleInWords[];
  /** Trying again cannot help (it can no longer be undone cleanly, or there is no undo on this server). */
  final?: boolean;
}

function undoFailure(error: unknown): UndoFailure {
  if (!(error instanceof ApiError))
    return { message: 'The undo could not be started. Please try again.', obstacles: [] };
  if (isMissingRoute(error))
    return { message: 'Undo is not available on this server yet.', obstacles: [], final: true };
  switch (error.code) {
    case 'undo_blocked': {
      const obstacles = Array.isArray(error.extensions.obstacles) ? error.extensions.obstacles : [];
      return {
        message: 'This merge can no longer be undone cleanly:',
        obstacles: obstacles.map(obstacleInWords),
        final: true,
      };
    }
    case 'merge_not_done':
      return { message: 'This merge has not finished yet; it can be undone once it is done.', obstacles: [] };
    case 'customer_busy':
      return {
        message: 'A merge, detach or undo of these customers is running. Try again in a moment.',
        obstacles: [],
      };
    case 'forbidden':
      return { message: 'Only supervisors and admins undo merges.', obstacles: [] };
    case 'merge_not_found':
      return { message: 'This merge no longer exists.', obstacles: [] };
    default:
      return { message: messageOf(error, 'The undo could not be started.'), obstacles: [] };
  }
}

interface UndoDialogProps {
  context: ConsoleContext;
  record: AuditRecord;
  onClose: () => void;
  onStarted: (mergeId: string, finished: boolean) => void;
}

function UndoDialog({ context, record, onClose, onStarted }: UndoDialogProps) {
  const titleId = useId();
  const [submitting, setSubmitting] = useState(false);
  const [failure, setFailure] = useState<UndoFailure | null>(null);
  const mergeId = mergeIdOf(record) ?? '';
  const words = auditInWords(record, context.user.id);

  async function undo(): Promise<void> {
    setSubmitting(true);
    setFailure(null);
    try {
      const answer = await undoMerge(context.token, mergeId);
      onStarted(mergeId, answer.status === 'done');
    } catch (error) {
      setSubmitting(false);
      if (isUnauthorized(error)) context.onUnauthorized();
      else setFailure(undoFailure(error));
    }
  }

  return (
    <Modal labelledBy={titleId} onClose={onClose} testId="undo-dialog">
      <form
        className="modal-body"
        method="dialog"
        onSubmit={(event) => {
          event.preventDefault();
          if (!submitting) void undo();
        }}
      >
        <h2 id={titleId}>Undo this merge?</h2>
        <p>{words.title}.</p>
        <p>
          The removed customer comes back with exactly what it brought: identities, conversations (with messages that
          arrived since), contact data and identifiers. Edits made since on the kept customer stay. The two are then
          remembered as different people.
        </p>
        {failure ? (
          <div className="alert" role="alert" data-testid="undo-error">
            <p>{failure.message}</p>
            {failure.obstacles.length > 0 ? (
              <ul data-testid="undo-obstacles">
                {failure.obstacles.map((obstacle, index) => (
                  <li key={`${obstacle.text}:${index}`}>
                    {obstacle.text}
                    {obstacle.customerId ? (
                      <>
                        {' '}
                        <Link to={`/customers/${obstacle.customerId}`} onClick={onClose}>
                          Open the customer holding it
                        </Link>
                      </>
                    ) : null}
                  </li>
                ))}
              </ul>
            ) : null}
          </div>
        ) : null}
        <ModalActions
          decided={failure?.final === true}
          onClose={onClose}
          confirm={{
            label: 'Undo merge',
            variant: 'danger',
            disabled: submitting,
            busy: submitting,
            testId: 'undo-confirm',
          }}
        />
      </form>
    </Modal>
  );
}
