import type { Profile } from '../../../../shared/profile';
import { useConnectionState } from '../../api/busQueries';
import { ConnectionPanel } from '../connection/ConnectionPanel';
import { useIsConnectionStateCurrent } from '../connection/useShownConnectionState';
import { ServerFactsCard } from '../connection/ServerFactsCard';
import { LocalRedisOffer } from '../localRedis/LocalRedisOffer';
import { ProfileEditor } from '../profiles/ProfileEditor';
import { DemoDataOffer } from '../simulator/DemoDataOffer';
import { DemoProfileCard } from '../simulator/DemoProfileCard';
import { DemoTrafficCard } from '../simulator/DemoTrafficCard';

interface ConnectionSectionProps {
  profile: Profile;
  onSelectProfile(id: string): void;
  onDeleted(id: string): void;
}

export function ConnectionSection({ profile, onSelectProfile, onDeleted }: ConnectionSectionProps) {
  const state = useConnectionState(profile.id);
  const isCurrent = useIsConnectionStateCurrent();
  // Without the server link "ready" is only the last state heard: cards that would ask the server step aside.
  const isReady = state.state === 'ready' && isCurrent;
  return (
    <div className="connection-section">
      <div className="connection-column">
        <ConnectionPanel profile={profile} />
        <LocalRedisOffer profile={profile} onUseProfile={onSelectProfile} />
        {isReady && <ServerFactsCard profile={profile} />}
        {(isReady || (state.state === 'demo' && isCurrent)) && <DemoTrafficCard profile={profile} />}
        <DemoDataOffer profile={profile} onUseProfile={onSelectProfile} />
      </div>
      <div className="settings-column">
        {profile.isDemo === true ? (
          <DemoProfileCard profile={profile} onDeleted={onDeleted} />
        ) : (
          <ProfileEditor
            key={profile.id}
            profile={profile}
            onSaved={() => undefined}
            onDuplicated={(duplicate) => onSelectProfile(duplicate.id)}
            onDeleted={onDeleted}
          />
        )}
      </div>
    </div>
  );
}
