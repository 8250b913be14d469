import type { ConsumerGroupInfo, StreamGroups } from '../../../../../shared/features/streamGroupsContract';
import { formatCount } from '../../../../../shared/countWords';
import { setIdHint } from './groupDialogs';
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
  return group.lag.kind === 'known' ? formatCount(group.lag.entries) : 'unknown';
}

/** How many columns a group's facts take: its consumers and actions span them all on the row below. */
const GROUP_FACT_COLUMNS = 5;

/**
 * One row of facts per group, and beneath it one row with its consumers (pending · idle) and its actions.
 * Seven columns side by side were 1,290 px wide in a 630 px panel at 1440x900: the last ones were cut.
 */
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
          </tr>
        </thead>
        {groups.groups.map((group) => {
          const isSelected = group.name === selectedGroup;
          return (
            <tbody key={group.name} className={isSelected ? 'is-selected' : undefined}>
              <tr aria-selected={isSelected}>
                <th scope="row">
                  <button type="button" className="link-button" onClick={() => onSelect(group.name)} aria-label={`Show pending entries of group ${group.name}`}>
                    {group.name}
                  </button>
                </th>
                <td className="number">{formatCount(group.pending)}</td>
                <td className="number" title={group.lag.kind === 'unknown' ? group.lag.reason : groups.lagExplained}>
                  {lagText(group)}
                  {group.lag.kind === 'unknown' && <span className="lag-unknown-mark"> ⓘ</span>}
                </td>
                <td className="number">{(group.entriesRead === null ? 'unknown' : formatCount(group.entriesRead))}</td>
                <td className="mono">{group.lastDeliveredId}</td>
              </tr>
              <tr className="group-consumers-row">
                <td colSpan={GROUP_FACT_COLUMNS}>
                  <div className="group-consumers">
                    <span className="muted">Consumers (pending · idle):</span>
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
                    <span className="group-actions">
                      <button type="button" className="small" disabled={lockedBecause !== null} title={lockedBecause ?? setIdHint(group.name)} onClick={() => onSetId(group)}>
                        Set last id…
                      </button>
                      <button type="button" className="small danger" disabled={lockedBecause !== null} title={lockedBecause ?? undefined} onClick={() => onDestroy(group)}>
                        Destroy…
                      </button>
                    </span>
                  </div>
                </td>
              </tr>
            </tbody>
          );
        })}
      </table>
    </div>
  );
}
