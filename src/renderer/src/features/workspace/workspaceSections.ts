/** The workspace's sections for one profile; the later ones arrive with later features. */
export interface WorkspaceSection {
  id: string;
  title: string;
  /** One sentence on what the section will hold, shown while it is not built yet. */
  upcoming?: string;
}

export const WORKSPACE_SECTIONS: readonly WorkspaceSection[] = [
  { id: 'connection', title: 'Connection' },
  { id: 'live', title: 'Live channels' },
  { id: 'plots', title: 'Plots' },
  { id: 'agents', title: 'Agents & alerts', upcoming: 'See which lab agents are idle, busy or failing, and the alerts they raise.' },
  { id: 'streams', title: 'Streams & dead letters', upcoming: 'Browse Redis Streams, inspect messages that failed and replay them safely.' },
  { id: 'bridges', title: 'Bridges', upcoming: 'Carry serial and UDP device data into Redis, and commands back out to the devices.' },
];
