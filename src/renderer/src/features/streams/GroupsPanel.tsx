/** Consumer groups, their consumers and the pending entries of one stream. (Placeholder until built.) */
import type { StreamPanelProps } from './streamPanelProps';

export function GroupsPanel({ streamKey }: StreamPanelProps) {
  return <p className="muted">Consumer groups of {streamKey} are not shown in this version yet.</p>;
}
