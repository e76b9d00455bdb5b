import { useEffect, useId, useState } from 'react';
import { Link } from 'react-router';
import { ApiError, isMissingRoute, isUnauthorized, messageOf } from '../api';
import type { ConsoleContext } from '../consoleContext';
import { Modal, ModalActions } from '../Modal';
import { fetchProfile, undoOperation } from './api';
import {
  counterpartOf,
  undoFailureInWords,
  undoInWords,
  type KnownNames,
  type UndoFailureInWords,
  type UndoTarget,
} from './auditWords';
import { customerName, identityNames } from './format';
import type { AuditRecord, CustomerProfile } from './types';

interface UndoDialogProps {
  context: ConsoleContext;
  /** The customer whose page shows the record. */
  customer: CustomerProfile;
  record: AuditRecord;
  target: UndoTarget;
  onClose: () => void;
  /** The api took the undo: `finished` when it answered it done already (a repeat). */
  onStarted: (target: UndoTarget, finished: boolean) => void;
}

function undoFailure(target: UndoTarget, error: unknown, names: KnownNames): UndoFailureInWords {
  if (!(error instanceof ApiError))
    return { message: 'The undo could not be started. Please try again.', obstacles: [] };
  if (isMissingRoute(error))
    return { message: 'Undo is not available on this server yet.', obstacles: [], final: true };
  return (
    undoFailureInWords(target.kind, error, names) ?? {
      message: messageOf(error, 'The undo could not be started.'),
      obstacles: [],
    }
  );
}

/**
 * The names of the page's customer and of the other customer of a detach or move (fetched), so that the
 * confirmation says what goes back where. A merged-away customer answers as its survivor: then it stays unnamed.
 */
function useKnownNames(context: ConsoleContext, customer: CustomerProfile, record: AuditRecord): KnownNames {
  const { token } = context;
  const otherId = counterpartOf(record, customer.id)?.customerId;
  const [other, setOther] = useState<CustomerProfile | null>(null);

  useEffect(() => {
    if (!otherId) return;
    const controller = new AbortController();
    fetchProfile(token, otherId, controller.signal).then(
      (profile) => setOther(profile.id === otherId ? profile : null),
      () => undefined,
    );
    return () => controller.abort();
  }, [token, otherId]);

  return {
    ...(other ? { [other.id]: customerName(other), ...identityNames(other) } : {}),
    [customer.id]: customerName(customer),
    ...identityNames(customer),
  };
}

/** Confirms the undo of a merge, detach or move, saying what goes back where; a refusal lists its obstacles. */
export function UndoDialog({ context, customer, record, target, onClose, onStarted }: UndoDialogProps) {
  const titleId = useId();
  const [submitting, setSubmitting] = useState(false);
  const [failure, setFailure] = useState<UndoFailureInWords | null>(null);
  const names = useKnownNames(context, customer, record);
  const words = undoInWords(record, target.kind, names, context.user.id);

  async function undo(): Promise<void> {
    setSubmitting(true);
    setFailure(null);
    try {
      const answer = await undoOperation(context.token, target.kind, target.id);
      onStarted(target, answer.status === 'done');
    } catch (error) {
      setSubmitting(false);
      if (isUnauthorized(error)) context.onUnauthorized();
      else setFailure(undoFailure(target, error, names));
    }
  }

  return (
    <Modal labelledBy={titleId} onClose={onClose} testId="undo-dialog">
      <form
        className="modal-body"
        method="dialog"
        data-kind={target.kind}
        onSubmit={(event) => {
          event.preventDefault();
          if (!submitting) void undo();
        }}
      >
        <h2 id={titleId}>{words.title}</h2>
        <div className="modal-words" data-testid="undo-words">
          {words.sentences.map((sentence) => (
            <p key={sentence}>{sentence}</p>
          ))}
        </div>
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
            label: words.confirm,
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
