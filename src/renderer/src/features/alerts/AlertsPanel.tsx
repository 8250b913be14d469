/** The alerts of one profile, newest first. (Placeholder until built.) */
import type { Profile } from '../../../../shared/profile';

export function AlertsPanel({ profile }: { profile: Profile }) {
  return <p className="muted">Alerts for {profile.name} are not shown in this version yet.</p>;
}
