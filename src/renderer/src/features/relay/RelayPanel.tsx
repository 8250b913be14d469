/** The browser relay: start it for this profile, see its clients. Stub until the relay work lands. */
import type { Profile } from '../../../../shared/profile';

export function RelayPanel({ profile }: { profile: Profile }) {
  void profile;
  return <section className="relay-panel" aria-label="Browser relay" />;
}
