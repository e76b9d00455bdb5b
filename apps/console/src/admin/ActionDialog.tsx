import { useId, useState, type ReactNode } from 'react';
import { isUnauthorized, messageOf } from '../api';
import { Modal, ModalActions } from '../Modal';

interface ActionDialogProps {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  variant?: 'primary' | 'danger';
  onConfirm: () => Promise<void>;
  onClose: () => void;
  onUnauthorized: () => void;
  testId?: string;
}

/** A dialog whose form confirms one action (a form to fill, or a question before taking something away); a refusal shows in it. */
export function ActionDialog(props: ActionDialogProps) {
  const { title, children, confirmLabel, variant = 'danger', onConfirm, onClose, onUnauthorized, testId } = props;
  const titleId = useId();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  async function confirm(): Promise<void> {
    setBusy(true);
    setFailure(null);
    try {
      await onConfirm();
    } catch (error) {
      setBusy(false);
      if (isUnauthorized(error)) onUnauthorized();
      else
        setFailure(messageOf(error, error instanceof Error ? error.message : 'That did not work. Please try again.'));
    }
  }

  return (
    <Modal labelledBy={titleId} onClose={onClose} testId={testId}>
      <form
        className="modal-body"
        method="dialog"
        onSubmit={(event) => {
          event.preventDefault();
          if (!busy) void confirm();
        }}
      >
        <h2 id={titleId}>{title}</h2>
        {children}
        {failure ? (
          <p className="alert" role="alert">
            {failure}
          </p>
        ) : null}
        <ModalActions
          decided={false}
          onClose={onClose}
          confirm={{ label: confirmLabel, variant, disabled: busy, busy, testId: 'confirm' }}
        />
      </form>
    </Modal>
  );
}
