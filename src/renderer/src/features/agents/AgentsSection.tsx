/** Agents & alerts: the agent board, the routing feed, task progress, and the alerts panel. (Scaffold.) */
import type { Profile } from '../../../../shared/profile';
import { AlertsPanel } from '../alerts/AlertsPanel';

export function AgentsSection({ profile }: { profile: Profile }) {
  return (
    <div className="agents-section">
      <p className="muted">The agent board is not shown in this version yet.</p>
      <AlertsPanel profile={profile} />
    </div>
  );
}
