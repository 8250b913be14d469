import type { StatusTone } from '../features/connection/describeConnectionState';

/** A coloured dot always paired with words: colour is never the only signal. */
export function StatusDot({ tone, label }: { tone: StatusTone; label: string }) {
  return (
    <span className="status-dot-label">
      <span className={`status-dot tone-${tone}`} aria-hidden="true" />
      <span>{label}</span>
    </span>
  );
}
