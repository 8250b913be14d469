import { useEffect, useId, useRef, type ReactNode } from 'react';

interface ActionDialogProps {
  isOpen: boolean;
  title: string;
  /** What will happen, in one or two sentences. */
  message: string;
  confirmLabel: string;
  isDangerous?: boolean;
  /** Why confirming is not possible yet (a field to fill, a name to type); null when it is. */
  blockedBecause?: string | null;
  children?: ReactNode;
  onConfirm(): void;
  onCancel(): void;
}

/** A confirmation with fields (the consumer to claim to, the name to type) on the native <dialog>. */
export function ActionDialog({ isOpen, title, message, confirmLabel, isDangerous = false, blockedBecause = null, children, onConfirm, onCancel }: ActionDialogProps) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const messageId = useId();
  useEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog) return;
    if (isOpen && !dialog.open) dialog.showModal();
    if (!isOpen && dialog.open) dialog.close();
  }, [isOpen]);
  return (
    <dialog
      ref={dialogRef}
      className="confirm-dialog group-action-dialog"
      aria-labelledby={titleId}
      aria-describedby={messageId}
      onCancel={(event) => {
        event.preventDefault();
        onCancel();
      }}
    >
      <h2 id={titleId}>{title}</h2>
      <p id={messageId}>{message}</p>
      {isOpen && children}
      {blockedBecause && <p className="field-hint">{blockedBecause}</p>}
      <div className="button-row dialog-buttons">
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="button" className={isDangerous ? 'danger' : 'primary'} disabled={blockedBecause !== null} onClick={onConfirm}>
          {confirmLabel}
        </button>
      </div>
    </dialog>
  );
}
