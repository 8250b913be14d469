import type { SecretStorageStatus } from '../../../../shared/contract';

/** Passwords that cannot be stored safely must not be a surprise later. */
export function SecretStorageNotice({ status }: { status: SecretStorageStatus | undefined }) {
  if (status?.state !== 'unavailable') return null;
  return (
    <div className="link-banner link-warning" role="status" data-testid="secret-storage-notice">
      Passwords cannot be stored safely on this computer: {status.reason} Passwords you enter are kept only until Labwire
      closes.
    </div>
  );
}
