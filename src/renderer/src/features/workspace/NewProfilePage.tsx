import type { Profile } from '../../../../shared/profile';
import { ProfileEditor } from '../profiles/ProfileEditor';

interface NewProfilePageProps {
  onCreated(profile: Profile): void;
  onCancel?(): void;
}

export function NewProfilePage({ onCreated, onCancel }: NewProfilePageProps) {
  return (
    <div className="workspace workspace-narrow">
      <p className="workspace-intro">
        A profile remembers how to reach one Redis server. Fill in the address, test it, then save.
      </p>
      <ProfileEditor onSaved={onCreated} onDuplicated={onCreated} onDeleted={() => undefined} onCancel={onCancel} />
    </div>
  );
}
