import type { Profile } from '../../../../shared/profile';
import { ProfileHeader } from './ProfileHeader';
import { panelId, tabId, WorkspaceTabs } from './WorkspaceTabs';
import { findSection } from './workspaceSections';

interface ProfileWorkspaceProps {
  profile: Profile;
  /** Held above the workspace, so the choice outlives a profile switch and a reload. */
  sectionId: string;
  onSelectSection(id: string): void;
  onSelectProfile(id: string): void;
  onDeleted(id: string): void;
}

export function ProfileWorkspace({ profile, sectionId, onSelectSection, onSelectProfile, onDeleted }: ProfileWorkspaceProps) {
  const section = findSection(sectionId);
  return (
    <div className="workspace">
      <ProfileHeader profile={profile} />
      <WorkspaceTabs selectedId={section.id} onSelect={onSelectSection} />
      <div className="tab-panel" role="tabpanel" id={panelId(section.id)} aria-labelledby={tabId(section.id)}>
        <section.Component profile={profile} onSelectProfile={onSelectProfile} onDeleted={onDeleted} />
      </div>
    </div>
  );
}
