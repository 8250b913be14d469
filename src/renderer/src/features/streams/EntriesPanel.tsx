/** A stream's entries newest first: envelope columns and fields, older/newer pages, jump to an id or a time, search, and the inspector. */
import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { EntriesRange, StreamSearchResult } from '../../../../shared/features/streamsContract';
import type { StreamEntry } from '../../../../shared/streamEntries';
import { formatCount } from '../../../../shared/countWords';
import { callBus } from '../../api/callBus';
import { describeError } from '../../api/requestError';
import { Notice } from '../../components/Notice';
import { formatClockTime } from '../../format/formatClockTime';
import { useLabwireApi } from '../../transport/transportContext';
import { EntryFieldsCell } from './EntryFieldsCell';
import { EntryInspector } from './EntryInspector';
import { EntrySearch } from './EntrySearch';
import { envelopeLines, formatEntryTime } from './streamFormatting';

const ENTRIES_PER_PAGE = 50;

/** `keyBase64`: the stream's exact name when it is not UTF-8 (`streamKey` is then the text shown for it). */
export function EntriesPanel({ profileId, streamKey, keyBase64 }: { profileId: string; streamKey: string; keyBase64?: string | undefined }) {
  const api = useLabwireApi();
  const [range, setRange] = useState<EntriesRange>({ kind: 'newest' });
  const [jump, setJump] = useState('');
  const [jumpProblem, setJumpProblem] = useState<string | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [search, setSearch] = useState<StreamSearchResult | null>(null);
  const page = useQuery({
    queryKey: ['streams', 'entries', profileId, streamKey, keyBase64, range],
    queryFn: () => callBus(api, 'streams:entries', { profileId, key: streamKey, ...(keyBase64 === undefined ? {} : { keyBase64 }), range, count: ENTRIES_PER_PAGE }),
    staleTime: 0,
  });

  const onJump = (event: FormEvent): void => {
    event.preventDefault();
    const text = jump.trim();
    setJumpProblem(null);
    if (/^\d+(-\d+)?$/.test(text)) setRange({ kind: 'atOrBefore', id: text });
    else {
      const ms = Date.parse(text);
      if (Number.isNaN(ms)) setJumpProblem('Enter an entry id (1714000000000-0) or a date and time (2024-04-25 14:03).');
      else setRange({ kind: 'time', fromMs: 0, toMs: ms });
    }
  };

  const entries: readonly StreamEntry[] = search ? search.matches : (page.data?.entries ?? []);
  const newest = page.data?.entries[0]?.id;
  const oldest = page.data?.entries.at(-1)?.id;
  // The Envelope column shows only when an entry on this page has one; the fields say the rest.
  const hasEnvelope = entries.some((entry) => entry.envelope !== undefined);
  return (
    <div className="entries-panel">
      <EntrySearch profileId={profileId} streamKey={streamKey} keyBase64={keyBase64} onResult={setSearch} />
      {search === null && (
        <div className="entries-toolbar">
          <button type="button" onClick={() => setRange({ kind: 'newest' })}>Newest</button>
          <button type="button" disabled={!page.data?.hasNewer || newest === undefined} onClick={() => newest && setRange({ kind: 'newerThan', id: newest })}>
            ← Newer
          </button>
          <button type="button" disabled={!page.data?.hasOlder || oldest === undefined} onClick={() => oldest && setRange({ kind: 'olderThan', id: oldest })}>
            Older →
          </button>
          <form onSubmit={onJump} className="entries-jump" aria-label="Jump to an id or a time">
            <label>
              Jump to id or time <input className="mono-input" value={jump} onChange={(event) => setJump(event.target.value)} placeholder="1714000000000-0 or 2024-04-25 14:03" />
            </label>
            <button type="submit">Jump</button>
          </form>
          {page.data && (
            <span className="muted" role="status">
              {/* Read once per page, unlike the header's count (every 5 s): the time says why the two may differ. */}
              {page.data.entries.length > 0
                ? `Showing ${formatCount(page.data.entries.length)} of ${formatCount(page.data.length)} entries when read at ${formatClockTime(page.dataUpdatedAt)}, ${oldest} … ${newest}`
                : `No entries here (the stream held ${formatCount(page.data.length)} when read at ${formatClockTime(page.dataUpdatedAt)}).`}
            </span>
          )}
        </div>
      )}
      {jumpProblem !== null && <Notice tone="error">{jumpProblem}</Notice>}
      {page.error && <Notice tone="error">{describeError(page.error)}</Notice>}
      <div className="entries-layout">
        <div className="entries-table-wrap">
          <table className="entries-table entries-fit">
            <colgroup>
              <col className="entry-column" />
              {hasEnvelope && <col className="envelope-column" />}
              <col />
            </colgroup>
            <thead>
              <tr>
                <th scope="col">Entry id · added</th>
                {hasEnvelope && <th scope="col" title="Type, from → to; then priority, TTL, correlation and message id, where the entry has them">Envelope</th>}
                <th scope="col">Fields</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => {
                const envelope = envelopeLines(entry);
                return (
                  <tr key={entry.id} aria-selected={entry.id === selected} onClick={() => setSelected(entry.id)}>
                    <td>
                      <button type="button" className="link-button mono" onClick={() => setSelected(entry.id)}>{entry.id}</button>
                      <div className="entry-added">{formatEntryTime(entry.timeMs)}</div>
                    </td>
                    {hasEnvelope && (
                      <td className="envelope-cell" title={envelope?.title}>
                        {envelope === null ? (
                          <span className="muted">no envelope</span>
                        ) : (
                          <>
                            <div>{envelope.headline}</div>
                            <div className="muted">{envelope.details}</div>
                          </>
                        )}
                      </td>
                    )}
                    <EntryFieldsCell entry={entry} />
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
        {selected !== null && <EntryInspector profileId={profileId} streamKey={streamKey} keyBase64={keyBase64} entryId={selected} onClose={() => setSelected(null)} />}
      </div>
    </div>
  );
}
