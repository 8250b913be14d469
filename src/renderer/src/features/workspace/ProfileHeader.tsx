import type { Profile } from '../../../../shared/profile';
import { useConnectionState } from '../../api/busQueries';
import { describeProfileTopology } from '../connection/topologyWords';
import { useTopologyFacts } from '../connection/useTopologyFacts';

export function ProfileHeader({ profile }: { profile: Profile }) {
  const state = useConnectionState(profile.id);
  // The sentinels' current master, once connected: the sentinels' own address is not the server's.
  const isSentinelReady = profile.topology.mode === 'sentinel' && state.state === 'ready';
  const topology = useTopologyFacts(profile.id, isSentinelReady);
  const master = isSentinelReady && topology.data?.mode === 'sentinel' ? topology.data.master : null;
  return (
    <header className="workspace-header">
      <span className={`color-stripe color-${profile.color}`} aria-hidden="true" />
      <div>
        <h1>{profile.name}</h1>
        <p className="workspace-address">{profile.isDemo === true ? 'Generated on this computer' : describeProfileTopology(profile, profile.topology, master)}</p>
      </div>
      <ul className="chips" aria-label="Profile flags">
        {profile.isProduction && <li className="chip chip-production">Production</li>}
        {profile.isReadOnly && <li className="chip">Read-only</li>}
        {profile.isManagedLocal && <li className="chip">Managed by Labwire</li>}
        {profile.isDemo === true && <li className="chip chip-demo">Demo data — no server</li>}
      </ul>
    </header>
  );
}
