import { describeError } from '../../api/requestError';
import { useServerFacts } from '../../api/busQueries';
import { formatBytes } from '../../format/formatBytes';
import { formatClockTime } from '../../format/formatClockTime';
import { formatUptime } from '../../format/formatUptime';
import type { Profile } from '../../../../shared/profile';
import { describeServerMode } from './topologyWords';

/** What the server says about itself, refreshed by 'connection:facts' events. */
export function ServerFactsCard({ profile }: { profile: Profile }) {
  const facts = useServerFacts(profile.id, true);
  return (
    <section className="card" aria-labelledby="server-facts-title">
      <div className="card-header">
        <h2 id="server-facts-title">Server</h2>
        <button type="button" onClick={() => void facts.refetch()} disabled={facts.isFetching}>
          {facts.isFetching ? 'Reading…' : 'Refresh'}
        </button>
      </div>
      {facts.data ? (
        <>
          <dl className="facts">
            <dt>Redis version</dt>
            <dd data-testid="redis-version">{facts.data.version}</dd>
            <dt>Mode</dt>
            <dd data-testid="server-mode">{describeServerMode(profile.topology, facts.data)}</dd>
            <dt>Role</dt>
            <dd>{facts.data.role}</dd>
            <dt>Used memory</dt>
            <dd>{formatBytes(facts.data.usedMemoryBytes)}</dd>
            <dt>Connected clients</dt>
            <dd>{facts.data.connectedClients}</dd>
            <dt>Round trip</dt>
            <dd>{facts.data.roundTripMs.toFixed(1)} ms</dd>
            <dt>Uptime</dt>
            <dd>{formatUptime(facts.data.uptimeSeconds)}</dd>
          </dl>
          <p className="card-footnote">Read at {formatClockTime(facts.data.readAt)}</p>
        </>
      ) : facts.error ? (
        <p className="field-problem">{describeError(facts.error)}</p>
      ) : (
        <p className="muted">Reading server facts…</p>
      )}
    </section>
  );
}
