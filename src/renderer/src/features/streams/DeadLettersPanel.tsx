/** The dead letters of one stream (or of a dead-letter stream itself). (Placeholder until built.) */
import type { StreamPanelProps } from './streamPanelProps';

export function DeadLettersPanel({ streamKey }: StreamPanelProps) {
  return <p className="muted">Dead letters of {streamKey} are not shown in this version yet.</p>;
}
