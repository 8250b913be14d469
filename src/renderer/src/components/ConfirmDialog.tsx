import { useEffect, useId, useRef, type ReactNode } from 'react';

interface ConfirmDialogProps {
  isOpen: boolean;
  title: string;
  message: string;
  confirmLabel: string;
  isDangerous?: boolean;
  /** Fields the answer needs (the consumer to claim to, a name to type); shown while open. */
  children?: ReactNode;
  /** Why confirming is not possible yet (a field to fill, a name to type); null when it is. */
  blockedBecause?: string | null;
  onConfirm(): void;
  onCancel(): void;
}

/**
 * A modal question on the native <dialog>: it traps focus and closes on
 * Escape by itself. With fields, focus starts in the first field; without,
 * on Cancel, so Enter never confirms a risky action by accident.
 */
export function ConfirmDialog({ isOpen, title, message, confirmLabel, isDangerous = false, children, blockedBecause = null, onConfirm, onCancel }: ConfirmDialogProps) {
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
      className="confirm-dialog"
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
        <button type="button" onClick={onCancel} autoFocus={children === undefined}>
          Cancel
        </button>
        <button type="button" className={isDangerous ? 'danger' : 'primary'} disabled={blockedBecause !== null} onClick={onConfirm}>
          {confirmLabel}
        </button>
      </div>
    </dialog>
  );
}
