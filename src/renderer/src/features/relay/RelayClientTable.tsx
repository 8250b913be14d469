/** The relay's connected clients, each number labelled with what it counts. */
import type { RelayClientView } from '../../../../shared/features/relayContract';
import { formatCount } from '../../../../shared/countWords';
import { formatBytes } from '../../format/formatBytes';
import { formatClockTime } from '../../format/formatClockTime';

export function RelayClientTable({ clients }: { clients: RelayClientView[] }) {
  if (clients.length === 0) return <p className="muted relay-no-clients">No clients are connected.</p>;
  return (
    <div className="relay-table-wrap">
      <table className="relay-client-table" aria-label="Relay clients">
        <thead>
          <tr>
            <th scope="col">Client</th>
            <th scope="col">Page origin</th>
            <th scope="col">Protocol</th>
            <th scope="col">Subscriptions</th>
            <th scope="col" className="number">Messages sent</th>
            <th scope="col" className="number">Sent in the last second</th>
            <th scope="col" className="number" title="Messages this client missed because it read too slowly; it got the newest of each channel instead">
              Dropped (read too slowly)
            </th>
            <th scope="col" className="number" title="Bytes waiting in the relay for this client">
              Bytes waiting to send
            </th>
            <th scope="col">Connected at</th>
          </tr>
        </thead>
        <tbody>
          {clients.map((client) => (
            <tr key={client.id}>
              <td>{client.id}</td>
              <td>{client.origin === '' ? <span className="muted">none (a script)</span> : client.origin}</td>
              <td className="relay-protocol">{client.protocol === 'foxglove' ? 'Foxglove' : 'labwire-json'}</td>
              <td className="relay-subscriptions">{client.subscriptions.length === 0 ? <span className="muted">none yet</span> : client.subscriptions.join(', ')}</td>
              <td className="number">{formatCount(client.messagesSent)}</td>
              <td className="number">{formatCount(client.messagesPerSecond)} msg/s</td>
              <td className={`number${client.dropped > 0 ? ' relay-dropped' : ''}`}>
                {formatCount(client.dropped)}
                {client.isCatchingUp && <span className="relay-catching-up"> · newest only</span>}
              </td>
              <td className="number">{formatBytes(client.queuedBytes)}</td>
              <td>{formatClockTime(client.connectedAtMs)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
