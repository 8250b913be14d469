import type { Profile } from '../../../../shared/profile';
import { useConnectionState } from '../../api/busQueries';
import { TryDemoButton } from './TryDemoButton';

interface DemoDataOfferProps {
  profile: Profile;
  /** Switch the workspace to the demo profile. */
  onUseProfile(profileId: string): void;
}

/**
 * While a Redis profile cannot receive (never connected, refused, failed),
 * offer demo data that needs no server: a new user can try the console
 * before the lab's server is reachable.
 */
export function DemoDataOffer({ profile, onUseProfile }: DemoDataOfferProps) {
  const state = useConnectionState(profile.id);
  if (profile.isDemo === true || state.state === 'ready' || state.state === 'connecting') return null;
  const isRetrying = state.state === 'reconnecting';
  return (
    <section className="card offer-card" aria-labelledby="demo-data-title">
      <h2 id="demo-data-title">No server yet?</h2>
      <p>Try Labwire with demo data: made-up EEG, telemetry and agent messages generated on this computer, straight into lanes and plots.</p>
      <p className="field-hint">Nothing is sent to any server. The demo gets its own profile, labelled “Demo data (no server)”.</p>
      {isRetrying && (
        <p className="field-hint" data-testid="demo-stops-retrying">
          Labwire is still trying to connect to “{profile.name}”. Starting the demo stops those attempts; connect again from this profile when its server is up.
        </p>
      )}
      <TryDemoButton onUseProfile={onUseProfile} isPrimary={false} stopConnecting={isRetrying ? profile.id : undefined} />
    </section>
  );
}
