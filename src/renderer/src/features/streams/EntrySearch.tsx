/** Search a bounded window of a stream's entries in the bus: progress, Stop, and the exact range it read. */
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { MAX_SEARCH_ENTRIES, type StreamSearchProgress, type StreamSearchResult } from '../../../../shared/features/streamsContract';
import { callBus } from '../../api/callBus';
import { describeError } from '../../api/requestError';
import { Notice } from '../../components/Notice';
import { useLabwireApi } from '../../transport/transportContext';

/** Default window: the newest 10,000 entries read, at most. */
const DEFAULT_MAX_ENTRIES = 10_000;

interface EntrySearchProps {
  profileId: string;
  streamKey: string;
  onResult(result: StreamSearchResult | null): void;
}

let searchCounter = 0;

export function EntrySearch({ profileId, streamKey, onResult }: EntrySearchProps) {
  const api = useLabwireApi();
  const id = useId();
  const [query, setQuery] = useState('');
  const [fromId, setFromId] = useState('-');
  const [toId, setToId] = useState('+');
  const [maxEntries, setMaxEntries] = useState(DEFAULT_MAX_ENTRIES);
  const [running, setRunning] = useState<string | null>(null);
  const [progress, setProgress] = useState<StreamSearchProgress | null>(null);
  const [result, setResult] = useState<StreamSearchResult | null>(null);
  const [error, setError] = useState<unknown>(null);
  const runningRef = useRef<string | null>(null);

  useEffect(
    () =>
      api.onDidReceiveEvent((event) => {
        if (event.type === 'streams:searchProgress' && event.progress.searchId === runningRef.current) setProgress(event.progress);
      }),
    [api],
  );
  // A search left running when the stream is closed is stopped, not orphaned.
  useEffect(
    () => () => {
      if (runningRef.current !== null) void api.request('streams:searchStop', { searchId: runningRef.current });
    },
    [api, streamKey],
  );

  const onSubmit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const searchId = `search-${Date.now()}-${++searchCounter}`;
    runningRef.current = searchId;
    setRunning(searchId);
    setProgress(null);
    setResult(null);
    setError(null);
    try {
      const found = await callBus(api, 'streams:search', { profileId, key: streamKey, searchId, window: { kind: 'ids', fromId, toId }, query, maxEntries });
      setResult(found);
      onResult(found);
    } catch (caught) {
      setError(caught);
    } finally {
      runningRef.current = null;
      setRunning(null);
    }
  };

  const stop = (): void => {
    if (running !== null) void api.request('streams:searchStop', { searchId: running });
  };

  const shown = result ?? progress;
  return (
    <form className="entry-search" onSubmit={(event) => void onSubmit(event)} aria-label="Search a window of entries">
      <div className="entry-search-fields">
        <label htmlFor={`${id}-query`}>Search entries</label>
        <input id={`${id}-query`} className="mono-input" value={query} spellCheck={false} placeholder="payload.status == failed, or any text" onChange={(event) => setQuery(event.target.value)} />
        <label>
          from id <input className="mono-input id-input" value={fromId} onChange={(event) => setFromId(event.target.value)} />
        </label>
        <label>
          to id <input className="mono-input id-input" value={toId} onChange={(event) => setToId(event.target.value)} />
        </label>
        <label>
          read at most
          <input className="count-input" type="number" min={1} max={MAX_SEARCH_ENTRIES} value={maxEntries} onChange={(event) => setMaxEntries(Math.max(1, Math.min(MAX_SEARCH_ENTRIES, Number(event.target.value) || 1)))} />
          entries
        </label>
        {running === null ? (
          <button type="submit">Search</button>
        ) : (
          <button type="button" onClick={stop}>
            Stop
          </button>
        )}
        {result !== null && (
          <button type="button" onClick={() => { setResult(null); onResult(null); }}>
            Clear search
          </button>
        )}
      </div>
      <p className="field-hint">Reads the entries from id … to id (- is the oldest, + the newest; milliseconds alone work too), newest first, in the bus. Same syntax as a lane filter.</p>
      {error !== null && <Notice tone="error">{describeError(error)}</Notice>}
      {shown !== null && (
        <p role="status" className="search-status">
          {running !== null ? 'Searching… ' : result?.outcome === 'stopped' ? 'Stopped. ' : result?.outcome === 'limit' ? `Stopped at the limit of ${maxEntries.toLocaleString('en-US')} entries. ` : 'Done. '}
          {shown.matched.toLocaleString('en-US')} {shown.matched === 1 ? 'match' : 'matches'} in {shown.scanned.toLocaleString('en-US')} entries
          {shown.newestId !== null ? `, searched ${shown.oldestId} … ${shown.newestId}` : ''}
          {result !== null && result.matches.length < result.matched ? ` (the newest ${result.matches.length} shown)` : ''}.
        </p>
      )}
    </form>
  );
}
