import type { Profile } from '../../../../shared/profile';

export function ProfileHeader({ profile }: { profile: Profile }) {
  return (
    <header className="workspace-header">
      <span className={`color-stripe color-${profile.color}`} aria-hidden="true" />
      <div>
        <h1>{profile.name}</h1>
        <p className="workspace-address">{profile.isDemo === true ? 'Generated on this computer' : `${profile.host}:${profile.port}`}</p>
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
