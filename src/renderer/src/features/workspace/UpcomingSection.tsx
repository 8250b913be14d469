import type { WorkspaceSection } from './workspaceSections';

/** An honest empty state for a section that a later version fills. */
export function UpcomingSection({ section }: { section: WorkspaceSection }) {
  return (
    <div className="empty-state">
      <h2>{section.title}</h2>
      <p>{section.upcoming}</p>
      <p className="muted">Not available in this version yet.</p>
    </div>
  );
}
