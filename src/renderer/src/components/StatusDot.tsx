/** How a status reads at a glance; components own it so features can share it without a cycle. */
export type StatusTone = 'neutral' | 'busy' | 'good' | 'warning' | 'bad';

/** A coloured dot always paired with words: colour is never the only signal. */
export function StatusDot({ tone, label }: { tone: StatusTone; label: string }) {
  return (
    <span className="status-dot-label">
      <span className={`status-dot tone-${tone}`} aria-hidden="true" />
      <span>{label}</span>
    </span>
  );
}
