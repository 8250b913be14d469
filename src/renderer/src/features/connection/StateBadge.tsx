import type { ConnectionStateName } from '../../../../shared/connectionState';

/** The state's own word ("ready", "reconnecting" …), as logs and support staff name it; "unknown" while the server link is down. */
export function StateBadge({ state }: { state: ConnectionStateName | 'unknown' }) {
  return (
    <span className={`state-badge state-${state}`} data-state={state} data-testid="connection-state" title="Connection state">
      {state}
    </span>
  );
}
