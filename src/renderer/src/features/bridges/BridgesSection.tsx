/**
 * Bridges: a profile's device bridges (serial, UDP) with their live status,
 * and the browser relay below them. Stub until the bridges UI lands.
 */
import type { Profile } from '../../../../shared/profile';
import { RelayPanel } from '../relay/RelayPanel';

export function BridgesSection({ profile }: { profile: Profile }) {
  return (
    <div className="bridges-section">
      <p className="muted">Device bridges are being built.</p>
      <RelayPanel profile={profile} />
    </div>
  );
}
