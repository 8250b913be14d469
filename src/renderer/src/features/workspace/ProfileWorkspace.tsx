import { useState } from 'react';
import type { Profile } from '../../../../shared/profile';
import { LiveChannelsSection } from '../live/LiveChannelsSection';
import { PlotsSection } from '../plots/PlotsSection';
import { ConnectionSection } from './ConnectionSection';
import { ProfileHeader } from './ProfileHeader';
import { UpcomingSection } from './UpcomingSection';
import { panelId, tabId, WorkspaceTabs } from './WorkspaceTabs';
import { WORKSPACE_SECTIONS } from './workspaceSections';

interface ProfileWorkspaceProps {
  profile: Profile;
  onSelectProfile(id: string): void;
  onDeleted(id: string): void;
}

export function ProfileWorkspace({ profile, onSelectProfile, onDeleted }: ProfileWorkspaceProps) {
  const [sectionId, setSectionId] = useState('connection');
  const section = WORKSPACE_SECTIONS.find((candidate) => candidate.id === sectionId) ?? WORKSPACE_SECTIONS[0];
  if (!section) return null;
  return (
    <div className="workspace">
      <ProfileHeader profile={profile} />
      <WorkspaceTabs selectedId={section.id} onSelect={setSectionId} />
      <div className="tab-panel" role="tabpanel" id={panelId(section.id)} aria-labelledby={tabId(section.id)}>
        {section.upcoming ? (
          <UpcomingSection section={section} />
        ) : section.id === 'live' ? (
          <LiveChannelsSection profile={profile} />
        ) : section.id === 'plots' ? (
          <PlotsSection profile={profile} />
        ) : (
          <ConnectionSection profile={profile} onSelectProfile={onSelectProfile} onDeleted={onDeleted} />
        )}
      </div>
    </div>
  );
}
