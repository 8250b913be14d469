import type { ConnectionState } from '../../../../shared/connectionState';
import type { Profile } from '../../../../shared/profile';
import { ProfileListItem } from './ProfileListItem';
import { ProfileTransfer } from './ProfileTransfer';

interface ProfileSidebarProps {
  profiles: Profile[];
  states: Record<string, ConnectionState>;
  selectedId: string | null;
  onSelect(id: string): void;
  onCreate(): void;
}

const IDLE: ConnectionState = { state: 'idle' };

export function ProfileSidebar({ profiles, states, selectedId, onSelect, onCreate }: ProfileSidebarProps) {
  return (
    <nav className="sidebar" aria-label="Connection profiles">
      <div className="sidebar-header">
        <p className="app-name">Labwire</p>
        <button type="button" className="primary" onClick={onCreate}>
          New profile
        </button>
      </div>
      <h2 className="sidebar-title" id="profile-list-title">
        Profiles
      </h2>
      {profiles.length === 0 ? (
        <p className="sidebar-empty">No profiles yet. Create one to connect to a Redis server.</p>
      ) : (
        <ul className="profile-list" aria-labelledby="profile-list-title">
          {profiles.map((profile) => (
            <ProfileListItem
              key={profile.id}
              profile={profile}
              state={states[profile.id] ?? IDLE}
              isSelected={profile.id === selectedId}
              onSelect={() => onSelect(profile.id)}
            />
          ))}
        </ul>
      )}
      <ProfileTransfer profileCount={profiles.length} />
    </nav>
  );
}
