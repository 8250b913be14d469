import type { Profile } from '../../../../shared/profile';
import { formatCount } from '../../../../shared/countWords';
import type { ClientErrorFacts, ClusterNodeFact, TopologyFacts } from '../../../../shared/topologyFacts';
import { describeError } from '../../api/requestError';
import { formatBytes } from '../../format/formatBytes';
import { formatClockTime } from '../../format/formatClockTime';
import { orderClusterNodes } from './clusterNodeOrder';
import { useTopologyFacts } from './useTopologyFacts';
import './topologyCard.css';

/**
 * The Sentinel group (master, replicas, sentinels, last switch) or every
 * Cluster node (role, slots, memory, link, round trip), read over the open
 * connection by 'connection:topology'.
 */
export function TopologyCard({ profile }: { profile: Profile }) {
  const topology = useTopologyFacts(profile.id, true);
  const title = profile.topology.mode === 'cluster' ? 'Cluster nodes' : 'Sentinel group';
  return (
    <section className="card topology-card" aria-labelledby="topology-title" data-testid="topology-card">
      <div className="card-header">
        <h2 id="topology-title">{title}</h2>
        <button type="button" onClick={() => void topology.refetch()} disabled={topology.isFetching}>
          {topology.isFetching ? 'Reading…' : 'Refresh'}
        </button>
      </div>
      {topology.data ? (
        <>
          <TopologyFactsView facts={topology.data} />
          <ClientErrorList errors={topology.data} />
          <p className="card-footnote">Read at {formatClockTime(topology.data.readAt)}</p>
        </>
      ) : topology.error ? (
        <p className="field-problem">{describeError(topology.error)}</p>
      ) : (
        <p className="muted">Reading the topology…</p>
      )}
    </section>
  );
}

function TopologyFactsView({ facts }: { facts: TopologyFacts }) {
  if (facts.mode === 'standalone') return <p className="muted">One server, no replicas managed by Labwire.</p>;
  if (facts.mode === 'cluster') return <ClusterNodesTable nodes={facts.nodes} />;
  return (
    <>
      {facts.lastSwitch ? (
        <p className="topology-switch" role="status" data-testid="topology-switch">
          Master moved from {facts.lastSwitch.from} to {facts.lastSwitch.to} at {formatClockTime(facts.lastSwitch.at)}.
        </p>
      ) : (
        <p className="muted">No master switch since this connection opened.</p>
      )}
      <dl className="facts">
        <dt>Master name</dt>
        <dd>{facts.masterName}</dd>
        <dt>Current master</dt>
        <dd data-testid="topology-master">{facts.master ?? 'none named by the sentinels'}</dd>
        <dt>Replicas ({facts.replicas.length})</dt>
        <dd>{facts.replicas.length === 0 ? 'none' : facts.replicas.map((replica) => `${replica.address} (link ${replica.linkState ?? 'unknown'}${flagText(replica.flags)})`).join(', ')}</dd>
        <dt>Sentinels ({facts.sentinels.length})</dt>
        <dd>{facts.sentinels.map((sentinel) => sentinel.address).join(', ')}</dd>
      </dl>
    </>
  );
}

/** Flags worth a technician's attention: down or failing states, not the role. */
function flagText(flags: readonly string[]): string {
  const shown = flags.filter((flag) => flag !== 'slave' && flag !== 'sentinel' && flag !== 'asked' && flag !== 'myself');
  return shown.length === 0 ? '' : `, ${shown.join(', ')}`;
}

function ClusterNodesTable({ nodes }: { nodes: ClusterNodeFact[] }) {
  // A master the cluster marked failed still lists as one until it is forgotten; it holds no slots and serves nothing.
  const masters = nodes.filter((node) => node.role === 'master' && !node.flags.includes('fail')).length;
  const failed = nodes.filter((node) => node.flags.includes('fail')).length;
  const ownedSlots = nodes.reduce((sum, node) => sum + node.slotCount, 0);
  const unlinked = nodes.filter((node) => node.linkState !== 'connected').length;
  return (
    <>
      <p className="muted">
        {nodes.length} nodes: {masters} masters holding {ownedSlots} of 16384 slots, {nodes.length - masters - failed} replicas
        {failed === 0 ? '' : `, ${failed} failed`};{' '}
        {unlinked === 0 ? 'every cluster link connected.' : `${unlinked} with the cluster link down.`}
      </p>
      <div className="topology-table-scroll">
      <table className="topology-table" data-testid="cluster-nodes">
        <thead>
          <tr>
            <th scope="col">Node</th>
            <th scope="col">Role</th>
            <th scope="col">Slots</th>
            <th scope="col">Memory · ping</th>
          </tr>
        </thead>
        <tbody>
          {orderClusterNodes(nodes).map((node) => (
            <tr key={node.id} data-testid="cluster-node">
              <th scope="row">{node.mappedAddress === null ? node.address : `${node.mappedAddress} (announced as ${node.address})`}</th>
              <td>
                {node.role === 'master' ? 'master' : `replica of ${nodes.find((other) => other.id === node.masterId)?.address ?? 'an unknown master'}`}
                {flagText(node.flags)}
                {node.linkState === 'connected' ? '' : `, link ${node.linkState}`}
              </td>
              <td>{node.slots.length === 0 ? 'none' : `${node.slots.join(', ')} (${node.slotCount})`}</td>
              <td>{node.usedMemoryBytes === null || node.roundTripMs === null ? 'no answer' : `${formatBytes(node.usedMemoryBytes)} · ${node.roundTripMs.toFixed(1)} ms`}</td>
            </tr>
          ))}
        </tbody>
      </table>
      </div>
    </>
  );
}

/**
 * The client's errors since the profile opened, one line per distinct
 * message: a failover repeats the same error hundreds of times, and a list
 * of them would hide everything else.
 */
function ClientErrorList({ errors }: { errors: ClientErrorFacts }) {
  if (errors.clientErrors.length === 0) return null;
  return (
    <div className="topology-client-errors" data-testid="client-errors">
      <h3>Client errors since connecting</h3>
      <ul>
        {errors.clientErrors.map((entry) => (
          <li key={entry.message}>
            {entry.message} — {timesText(entry.count)}, {formatClockTime(entry.firstAt)}
            {entry.lastAt === entry.firstAt ? '' : `–${formatClockTime(entry.lastAt)}`}
          </li>
        ))}
      </ul>
      {errors.droppedClientErrors > 0 && <p className="muted">{formatCount(errors.droppedClientErrors)} older kinds of error not kept (only the 20 most recent kinds are).</p>}
    </div>
  );
}

function timesText(count: number): string {
  return count === 1 ? 'once' : `${formatCount(count)} times`;
}
