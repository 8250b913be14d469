import { TryDemoButton } from '../simulator/TryDemoButton';

interface WelcomePanelProps {
  onCreate(): void;
  /** Show a profile: the demo profile once its data runs. */
  onUseProfile(profileId: string): void;
}

export function WelcomePanel({ onCreate, onUseProfile }: WelcomePanelProps) {
  return (
    <div className="empty-state welcome">
      <h1>Welcome to Labwire</h1>
      <p>Labwire watches the Redis server your instruments and agents talk over. Start by telling it where that server is.</p>
      <button type="button" className="primary" onClick={onCreate}>
        New profile
      </button>
      <p className="muted">Already have profiles from another computer? Use Import in the sidebar.</p>
      <p className="muted">No server yet? Demo data is generated on this computer and needs none.</p>
      <TryDemoButton onUseProfile={onUseProfile} isPrimary={false} />
    </div>
  );
}
