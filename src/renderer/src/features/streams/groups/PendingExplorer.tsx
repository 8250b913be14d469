import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent, type ReactNode } from 'react';
import type { PendingPage } from '../../../../../shared/features/streamGroupsContract';
import { callBus } from '../../../api/callBus';
import { describeError } from '../../../api/requestError';
import { Notice } from '../../../components/Notice';
import { useLabwireApi } from '../../../transport/transportContext';
import { EntryFieldsCell } from '../EntryFieldsCell';
import { EntryInspector } from '../EntryInspector';
import { formatEntryTime } from '../streamFormatting';
import { DeliveryHistogram } from './DeliveryHistogram';
import { autoclaimHint } from './groupDialogs';
import { formatDuration, parseDuration } from './idleText';

/** What Autoclaim proposes as the minimum wait when no idle filter is set. */
const DEFAULT_AUTOCLAIM_IDLE_MS = 60_000;

const PAGE_SIZE = 50;

interface Filters {
  consumer: string;
  minIdleMs: number | undefined;
  minDeliveries: number | undefined;
}

interface PendingExplorerProps {
  profileId: string;
  streamKey: string;
  group: string;
  /** Why changes are not possible (read-only profile); null when they are. */
  lockedBecause: string | null;
  /** Bumped after every action, so the list is read again. */
  revision: number;
  onAck(ids: string[]): void;
  onClaim(ids: string[]): void;
  onAutoclaim(minIdleMs: number): void;
  /** "Move to dead letters" for the selected ids (the dead-letters feature's button); absent where it cannot apply. */
  moveAction?(ids: string[]): ReactNode;
}

/** The pending entries of one group: filters, a delivery-count histogram, rows to select and act on. */
export function PendingExplorer({ profileId, streamKey, group, lockedBecause, revision, onAck, onClaim, onAutoclaim, moveAction }: PendingExplorerProps) {
  const api = useLabwireApi();
  const [typed, setTyped] = useState({ consumer: '', minIdle: '', minDeliveries: '' });
  const [filters, setFilters] = useState<Filters>({ consumer: '', minIdleMs: undefined, minDeliveries: undefined });
  const [starts, setStarts] = useState<string[]>(['-']);
  const [selected, setSelected] = useState<ReadonlySet<string>>(() => new Set());
  /** The entry opened in the inspector (a click on its row), as on the Entries tab. */
  const [opened, setOpened] = useState<string | null>(null);
  const start = starts[starts.length - 1] ?? '-';
  const pending = useQuery<PendingPage>({
    queryKey: ['groups', 'pending', profileId, streamKey, group, filters, start, revision],
    queryFn: () =>
      callBus(api, 'groups:pending', {
        profileId,
        key: streamKey,
        group,
        count: PAGE_SIZE,
        start,
        ...(filters.consumer === '' ? {} : { consumer: filters.consumer }),
        ...(filters.minIdleMs === undefined ? {} : { minIdleMs: filters.minIdleMs }),
        ...(filters.minDeliveries === undefined ? {} : { minDeliveries: filters.minDeliveries }),
      }),
    staleTime: 0,
  });
  const minIdle = typed.minIdle.trim() === '' ? undefined : parseDuration(typed.minIdle);
  const minDeliveries = typed.minDeliveries.trim() === '' ? undefined : /^\d{1,9}$/.test(typed.minDeliveries.trim()) && Number(typed.minDeliveries) >= 1 ? Number(typed.minDeliveries) : null;
  const filterProblem = minIdle === null ? 'Minimum idle: a number with a unit, such as 30 s, 5 min or 2 h.' : minDeliveries === null ? 'Minimum deliveries: a whole number, 1 or more.' : null;

  const apply = (event: FormEvent): void => {
    event.preventDefault();
    if (filterProblem) return;
    setFilters({ consumer: typed.consumer.trim(), minIdleMs: minIdle ?? undefined, minDeliveries: minDeliveries ?? undefined });
    setStarts(['-']);
    setSelected(new Set());
  };
  const page = pending.data;
  const rows = page?.rows ?? [];
  const toggle = (id: string): void =>
    setSelected((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const selectedIds = rows.filter((row) => selected.has(row.id)).map((row) => row.id);
  const isLocked = lockedBecause !== null;
  // Autoclaim proposes the idle filter's minimum when one is set: the entries the operator is looking at.
  const autoclaimMinIdleMs = filters.minIdleMs ?? DEFAULT_AUTOCLAIM_IDLE_MS;

  return (
    <section className="pending-explorer" aria-label={`Pending entries of group ${group}`}>
      <h3>
        Pending entries of <span className="mono">{group}</span>
        {page && <span className="muted"> · {page.total} waiting for an acknowledgement</span>}
      </h3>
      <form className="pending-filters" onSubmit={apply}>
        <label>
          Consumer
          <input value={typed.consumer} placeholder="any" onChange={(event) => setTyped({ ...typed, consumer: event.target.value })} />
        </label>
        <label>
          Idle at least
          <input value={typed.minIdle} placeholder="e.g. 5 min" onChange={(event) => setTyped({ ...typed, minIdle: event.target.value })} />
        </label>
        <label>
          Delivered at least
          <input value={typed.minDeliveries} placeholder="e.g. 3" inputMode="numeric" onChange={(event) => setTyped({ ...typed, minDeliveries: event.target.value })} />
        </label>
        <button type="submit" disabled={filterProblem !== null}>
          Filter
        </button>
        {filterProblem && <span className="field-problem">{filterProblem}</span>}
      </form>
      {pending.error && (
        <Notice tone="error" role="alert">
          {describeError(pending.error)}
        </Notice>
      )}
      {page && <DeliveryHistogram histogram={page.histogram} total={page.total} />}
      <div className="button-row pending-actions">
        <button type="button" disabled={isLocked || selectedIds.length === 0} title={lockedBecause ?? undefined} onClick={() => onAck(selectedIds)}>
          Acknowledge {selectedIds.length || ''} selected…
        </button>
        <button type="button" disabled={isLocked || selectedIds.length === 0} title={lockedBecause ?? undefined} onClick={() => onClaim(selectedIds)}>
          Claim selected to…
        </button>
        <button type="button" disabled={isLocked} title={lockedBecause ?? autoclaimHint(autoclaimMinIdleMs)} onClick={() => onAutoclaim(autoclaimMinIdleMs)}>
          Autoclaim idle entries…
        </button>
        {!isLocked && moveAction?.(selectedIds)}
        {lockedBecause && <span className="muted">{lockedBecause}</span>}
      </div>
      <div className="stats-table-wrap pending-table-wrap">
        <table className="stats-table pending-table">
          <colgroup>
            <col className="select-column" />
            <col className="entry-column" />
            <col className="consumer-column" />
            <col className="deliveries-column" />
            <col />
          </colgroup>
          <thead>
            <tr>
              <th scope="col">
                <input
                  type="checkbox"
                  aria-label="Select all rows on this page"
                  checked={rows.length > 0 && selectedIds.length === rows.length}
                  onChange={(event) => setSelected(event.target.checked ? new Set(rows.map((row) => row.id)) : new Set())}
                />
              </th>
              <th scope="col">Entry id · added</th>
              <th scope="col">Consumer · idle</th>
              <th scope="col" className="number">
                Deliveries
              </th>
              <th scope="col">Fields</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr
                key={row.id}
                className={['is-openable', row.deliveries > 5 ? 'is-poison' : ''].join(' ').trim()}
                aria-selected={row.id === opened}
                onClick={() => setOpened(row.id)}
              >
                <td onClick={(event) => event.stopPropagation()}>
                  <input type="checkbox" aria-label={`Select ${row.id}`} checked={selected.has(row.id)} onChange={() => toggle(row.id)} />
                </td>
                <td>
                  <button type="button" className="link-button mono" title="Open this entry" onClick={() => setOpened(row.id)}>
                    {row.id}
                  </button>
                  <div className="entry-added">{formatEntryTime(row.entry?.timeMs ?? Number.NaN)}</div>
                </td>
                <td>
                  <div className="mono" title={row.consumer}>{row.consumer}</div>
                  <div className="muted">idle {formatDuration(row.idleMs)}</div>
                </td>
                <td className="number">{row.deliveries}</td>
                {row.entry === null ? (
                  <td className="deleted-entry">deleted from the stream (trimmed or XDEL while pending): its data is gone</td>
                ) : (
                  <EntryFieldsCell entry={row.entry} />
                )}
              </tr>
            ))}
            {page && rows.length === 0 && (
              <tr>
                <td colSpan={5} className="muted">
                  No pending entries match{page.scanned > 0 ? ` on this page (${page.scanned} looked at)` : ''}.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
      <div className="button-row">
        <button type="button" disabled={starts.length < 2} onClick={() => setStarts(starts.slice(0, -1))}>
          Previous page
        </button>
        <button type="button" disabled={!page?.nextStart} onClick={() => page?.nextStart && setStarts([...starts, page.nextStart])}>
          Next page
        </button>
        {page && (
          <span className="muted">
            Showing {rows.length} of {page.scanned} read on this page
            {filters.minDeliveries !== undefined ? ` (the minimum deliveries filter is applied by Labwire to each page)` : ''}.
          </span>
        )}
      </div>
      {opened !== null && <EntryInspector profileId={profileId} streamKey={streamKey} entryId={opened} onClose={() => setOpened(null)} />}
    </section>
  );
}
