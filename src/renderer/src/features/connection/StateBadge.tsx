import type { ConnectionStateName } from '../../../../shared/connectionState';

/** The state's own word ("ready", "reconnecting" …), as logs and support staff name it. */
export function StateBadge({ state }: { state: ConnectionStateName }) {
  return (
    <span className={`state-badge state-${state}`} data-state={state} data-testid="connection-state" title="Connection state">
      {state}
    </span>
  );
}
