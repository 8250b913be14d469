export function WelcomePanel({ onCreate }: { onCreate(): void }) {
  return (
    <div className="empty-state welcome">
      <h1>Welcome to Labwire</h1>
      <p>Labwire watches the Redis server your instruments and agents talk over. Start by telling it where that server is.</p>
      <button type="button" className="primary" onClick={onCreate}>
        New profile
      </button>
      <p className="muted">Already have profiles from another computer? Use Import in the sidebar.</p>
    </div>
  );
}
