/** An honest empty state for a section that a later version fills. */
export function UpcomingSection({ title, plans }: { title: string; plans: string }) {
  return (
    <div className="empty-state">
      <h2>{title}</h2>
      <p>{plans}</p>
      <p className="muted">Not available in this version yet.</p>
    </div>
  );
}
