/** The one list of a profile's sections: the tabs and the workspace both read it. */
import type { ComponentType } from 'react';
import type { Profile } from '../../../../shared/profile';
import { AgentsSection } from '../agents/AgentsSection';
import { BridgesSection } from '../bridges/BridgesSection';
import { LiveChannelsSection } from '../live/LiveChannelsSection';
import { PlotsSection } from '../plots/PlotsSection';
import { StreamsSection } from '../streams/StreamsSection';
import { ConnectionSection } from './ConnectionSection';

/** What every section is given; a section takes the part it needs. */
export interface SectionProps {
  profile: Profile;
  onSelectProfile(id: string): void;
  onDeleted(id: string): void;
}

export interface WorkspaceSection {
  id: string;
  title: string;
  Component: ComponentType<SectionProps>;
}

function built(id: string, title: string, Component: ComponentType<SectionProps>): WorkspaceSection {
  return { id, title, Component };
}

export const WORKSPACE_SECTIONS: readonly WorkspaceSection[] = [
  built('connection', 'Connection', ConnectionSection),
  built('live', 'Live channels', LiveChannelsSection),
  built('plots', 'Plots', PlotsSection),
  built('agents', 'Agents & alerts', AgentsSection),
  built('streams', 'Streams & dead letters', StreamsSection),
  built('bridges', 'Bridges', BridgesSection),
];

export const DEFAULT_SECTION_ID = 'connection';

/** The section with this id; an unknown id (an old saved choice) gives the first section. */
export function findSection(sectionId: string): WorkspaceSection {
  return WORKSPACE_SECTIONS.find((section) => section.id === sectionId) ?? (WORKSPACE_SECTIONS[0] as WorkspaceSection);
}
