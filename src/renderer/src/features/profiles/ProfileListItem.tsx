import type { ConnectionState } from '../../../../shared/connectionState';
import { describeProfileAddress, type Profile } from '../../../../shared/profile';
import { StatusDot } from '../../components/StatusDot';
import { useShownConnectionSummary } from '../connection/useShownConnectionState';

interface ProfileListItemProps {
  profile: Profile;
  state: ConnectionState;
  isSelected: boolean;
  onSelect(): void;
}

export function ProfileListItem({ profile, state, isSelected, onSelect }: ProfileListItemProps) {
  const summary = useShownConnectionSummary(state);
  return (
    <li>
      <button
        type="button"
        className={`profile-item${isSelected ? ' is-selected' : ''}`}
        aria-current={isSelected ? 'page' : undefined}
        data-state={state.state}
        onClick={onSelect}
      >
        <span className={`color-stripe color-${profile.color}`} aria-hidden="true" />
        <span className="profile-item-text">
          <span className="profile-item-name">{profile.name}</span>
          <span className="profile-item-address">{profile.isDemo === true ? 'Demo data, no server' : describeProfileAddress(profile)}</span>
          <StatusDot tone={summary.tone} label={summary.label} />
        </span>
      </button>
    </li>
  );
}
