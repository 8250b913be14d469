/** A dead-letter stream: its entries newest first, paged, with bulk replay and discard of a selection or of all. */
import { useState } from 'react';
import type { Profile } from '../../../../../shared/profile';
import { formatCount } from '../../../../../shared/countWords';
import { describeError } from '../../../api/requestError';
import { Notice } from '../../../components/Notice';
import { formatClockTime } from '../../../format/formatClockTime';
import { BulkActionBar } from './BulkActionBar';
import { newerCountText, newestCount, type CountAt } from './deadLetterCounts';
import { DeadLetterTable } from './DeadLetterTable';
import { useDeadLetterPage } from './useDeadLetters';

interface DeadLetterStreamViewProps {
  profile: Profile;
  dlqKey: string;
  /** This stream's count as the stream list and header last read it (every few seconds), or null when it is not listed. */
  listed: CountAt | null;
}

export function DeadLetterStreamView({ profile, dlqKey, listed }: DeadLetterStreamViewProps) {
  const [pageStarts, setPageStarts] = useState<Array<string | null>>([null]);
  const beforeId = pageStarts[pageStarts.length - 1] ?? null;
  const page = useDeadLetterPage(profile.id, dlqKey, beforeId);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const entries = page.data?.entries ?? [];
  const total = page.data?.total ?? 0;
  const pageRead: CountAt = { entries: total, readAt: page.dataUpdatedAt };
  const newer = page.data === undefined ? null : newerCountText(pageRead, listed);
  // Selection is of what this page shows: ids replayed or discarded since (by this window or another) drop out of it.
  const selectedIds = entries.filter((entry) => selected.has(entry.id)).map((entry) => entry.id);

  const toggle = (id: string): void => {
    const next = new Set(selected);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setSelected(next);
  };
  const toggleAll = (isSelected: boolean): void => {
    const next = new Set(selected);
    for (const entry of entries) {
      if (isSelected) next.add(entry.id);
      else next.delete(entry.id);
    }
    setSelected(next);
  };

  return (
    <section className="dlq-stream" aria-label={`Dead letters in ${dlqKey}`}>
      <div className="button-row">
        <p data-testid="dlq-count">
          <strong>{formatCount(total)}</strong> dead {total === 1 ? 'letter' : 'letters'} in <code>{dlqKey}</code>
          {/* Read once per page, not every few seconds like the stream list beside it: say when, and say the newer count when they differ. */}
          {page.dataUpdatedAt > 0 && <span className="muted"> when read at {formatClockTime(page.dataUpdatedAt)}</span>}
          {selectedIds.length > 0 && `; ${formatCount(selectedIds.length)} selected`}.
        </p>
        {/* Beside the time it reads again, not under the table: twenty payloads put it two screens down. */}
        <button type="button" onClick={() => void page.refetch()}>
          Read again
        </button>
      </div>
      {newer !== null && (
        <div data-testid="dlq-count-newer">
          <Notice tone="info">{newer}</Notice>
        </div>
      )}
      <BulkActionBar profile={profile} dlqKey={dlqKey} selectedIds={selectedIds} total={newestCount(pageRead, listed).entries} onDidFinish={() => setSelected(new Set())} />
      {page.error && <Notice tone="error">{describeError(page.error)}</Notice>}
      {page.isPending ? (
        <p className="muted">Reading dead letters…</p>
      ) : entries.length === 0 ? (
        <p className="muted">No dead letters here{beforeId === null ? '' : ' older than these'}.</p>
      ) : (
        <DeadLetterTable entries={entries} selected={selected} onToggle={toggle} onToggleAll={toggleAll} />
      )}
      <div className="button-row">
        <button type="button" disabled={pageStarts.length < 2} onClick={() => setPageStarts(pageStarts.slice(0, -1))}>
          Newer
        </button>
        <button type="button" disabled={!page.data?.nextBeforeId} onClick={() => setPageStarts([...pageStarts, page.data?.nextBeforeId ?? null])}>
          Older
        </button>
      </div>
    </section>
  );
}
