import type { Profile } from '../../../../shared/profile';
import { ProfileEditor } from '../profiles/ProfileEditor';

interface NewProfilePageProps {
  onCreated(profile: Profile): void;
  onCancel?(): void;
}

export function NewProfilePage({ onCreated, onCancel }: NewProfilePageProps) {
  return (
    <div className="workspace workspace-narrow">
      {/* Headed as a profile's page is, so the page does not open on a loose line that looks scrolled past its title. */}
      <header className="workspace-header">
        <div>
          <h1>New profile</h1>
          <p className="workspace-intro">A profile remembers how to reach one Redis server. Fill in the address, test it, then save.</p>
        </div>
      </header>
      <ProfileEditor onSaved={onCreated} onDuplicated={onCreated} onDeleted={() => undefined} onCancel={onCancel} />
    </div>
  );
}
