import { useEffect, useRef, type ReactNode } from 'react';

interface ModalProps {
  /** The id of the heading that names the dialog. */
  labelledBy: string;
  /** Escape, or a button of the dialog, asks to close it. */
  onClose: () => void;
  testId?: string;
  /** Room for two profiles side by side. */
  wide?: boolean;
  children: ReactNode;
}

/** A modal `<dialog>`: the browser traps focus inside it, Escape closes it, and focus returns where it was. */
export function Modal({ labelledBy, onClose, testId, wide, children }: ModalProps) {
  const ref = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);

  return (
    <dialog
      ref={ref}
      className={wide ? 'modal modal-wide' : 'modal'}
      aria-labelledby={labelledBy}
      data-testid={testId}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      {children}
    </dialog>
  );
}

interface ModalActionsProps {
  /** Once the dialog shows an outcome, only Close is left. */
  decided: boolean;
  onClose: () => void;
  confirm: { label: string; variant: 'primary' | 'danger'; disabled: boolean; busy: boolean; testId: string };
}

/** Cancel and the confirming submit button of a dialog's form. */
export function ModalActions({ decided, onClose, confirm }: ModalActionsProps) {
  return (
    <div className="modal-actions">
      <button className="button button-secondary" type="button" onClick={onClose}>
        {decided ? 'Close' : 'Cancel'}
      </button>
      {decided ? null : (
        <button
          className={`button button-${confirm.variant}`}
          type="submit"
          disabled={confirm.disabled}
          aria-busy={confirm.busy}
          data-testid={confirm.testId}
        >
          {confirm.label}
        </button>
      )}
    </div>
  );
}
