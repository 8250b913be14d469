import type { ConsumerGroupInfo, StreamGroups } from '../../../../../shared/features/streamGroupsContract';
import { formatDuration } from './idleText';

interface GroupsTableProps {
  groups: StreamGroups;
  selectedGroup: string | null;
  /** Why changes are not possible (read-only profile); null when they are. */
  lockedBecause: string | null;
  onSelect(group: string): void;
  onSetId(group: ConsumerGroupInfo): void;
  onDestroy(group: ConsumerGroupInfo): void;
  onDeleteConsumer(group: ConsumerGroupInfo, consumer: string, pending: number): void;
}

function lagText(group: ConsumerGroupInfo): string {
  return group.lag.kind === 'known' ? String(group.lag.entries) : 'unknown';
}

/** One row per group, its consumers beneath it with their idle time. */
export function GroupsTable({ groups, selectedGroup, lockedBecause, onSelect, onSetId, onDestroy, onDeleteConsumer }: GroupsTableProps) {
  return (
    <div className="stats-table-wrap groups-table-wrap">
      <table className="stats-table groups-table">
        <thead>
          <tr>
            <th scope="col">Group</th>
            <th scope="col" className="number" title="Delivered to a consumer, not yet acknowledged">
              Pending
            </th>
            <th scope="col" className="number" title={groups.lagExplained}>
              Lag (not yet delivered)
            </th>
            <th scope="col" className="number" title="Entries the group has read since it was created">
              Entries read
            </th>
            <th scope="col">Last delivered id</th>
            <th scope="col">Consumers (pending · idle)</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {groups.groups.map((group) => (
            <tr key={group.name} aria-selected={group.name === selectedGroup} className={group.name === selectedGroup ? 'is-selected' : undefined}>
              <th scope="row">
                <button type="button" className="link-button" onClick={() => onSelect(group.name)} aria-label={`Show pending entries of group ${group.name}`}>
                  {group.name}
                </button>
              </th>
              <td className="number">{group.pending}</td>
              <td className="number" title={group.lag.kind === 'unknown' ? group.lag.reason : groups.lagExplained}>
                {lagText(group)}
                {group.lag.kind === 'unknown' && <span className="lag-unknown-mark"> ⓘ</span>}
              </td>
              <td className="number">{group.entriesRead ?? 'unknown'}</td>
              <td className="mono">{group.lastDeliveredId}</td>
              <td>
                {group.consumers.length === 0 ? (
                  <span className="muted">none</span>
                ) : (
                  <ul className="consumer-list">
                    {group.consumers.map((consumer) => (
                      <li key={consumer.name}>
                        <span className="mono">{consumer.name}</span> · {consumer.pending} pending · idle {formatDuration(consumer.idleMs)}
                        {consumer.inactiveMs !== null && consumer.inactiveMs !== consumer.idleMs && <> · inactive {formatDuration(consumer.inactiveMs)}</>}{' '}
                        <button
                          type="button"
                          className="small danger"
                          disabled={lockedBecause !== null}
                          title={lockedBecause ?? `Delete consumer ${consumer.name}`}
                          onClick={() => onDeleteConsumer(group, consumer.name, consumer.pending)}
                        >
                          Delete…
                        </button>
                      </li>
                    ))}
                    {group.consumerCount > group.consumers.length && <li className="muted">and {group.consumerCount - group.consumers.length} more</li>}
                  </ul>
                )}
              </td>
              <td className="group-actions">
                <button type="button" className="small" disabled={lockedBecause !== null} title={lockedBecause ?? undefined} onClick={() => onSetId(group)}>
                  Set last id…
                </button>
                <button type="button" className="small danger" disabled={lockedBecause !== null} title={lockedBecause ?? undefined} onClick={() => onDestroy(group)}>
                  Destroy…
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
