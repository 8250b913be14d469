/** Search a bounded window of a stream's entries (by ids or by times) in the bus: progress, Stop, and the exact range it read. */
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { MAX_SEARCH_ENTRIES, type SearchWindow, type StreamSearchProgress, type StreamSearchResult } from '../../../../shared/features/streamsContract';
import { callBus } from '../../api/callBus';
import { describeError } from '../../api/requestError';
import { Notice } from '../../components/Notice';
import { useLabwireApi } from '../../transport/transportContext';
import { fromLocalInputValue, timeSearchStatus, toLocalInputValue } from './searchWindowWords';
import { countWords } from '../../../../shared/countWords';

/** Default window: the newest 10,000 entries read, at most. */
const DEFAULT_MAX_ENTRIES = 10_000;
/** How often a running search's progress is asked for: often enough for a counter that moves. */
const PROGRESS_POLL_MS = 400;
/** A time window starts as the last five minutes: the span an operator usually looks back over. */
const DEFAULT_TIME_WINDOW_MS = 5 * 60_000;

/** The window a search ran over, kept to word its status after the inputs change. */
interface SearchedWindow {
  window: SearchWindow;
  query: string;
}

interface EntrySearchProps {
  profileId: string;
  streamKey: string;
  /** The stream's exact name when it is not UTF-8 (`streamKey` is then the text shown for it). */
  keyBase64?: string | undefined;
  onResult(result: StreamSearchResult | null): void;
}

let searchCounter = 0;

export function EntrySearch({ profileId, streamKey, keyBase64, onResult }: EntrySearchProps) {
  const api = useLabwireApi();
  const id = useId();
  const [query, setQuery] = useState('');
  const [fromId, setFromId] = useState('-');
  const [toId, setToId] = useState('+');
  const [windowKind, setWindowKind] = useState<SearchWindow['kind']>('ids');
  const [fromTime, setFromTime] = useState(() => toLocalInputValue(Date.now() - DEFAULT_TIME_WINDOW_MS));
  const [toTime, setToTime] = useState(() => toLocalInputValue(Date.now()));
  const [searched, setSearched] = useState<SearchedWindow | null>(null);
  const [maxEntries, setMaxEntries] = useState(DEFAULT_MAX_ENTRIES);
  const [running, setRunning] = useState<string | null>(null);
  const [progress, setProgress] = useState<StreamSearchProgress | null>(null);
  const [result, setResult] = useState<StreamSearchResult | null>(null);
  const [error, setError] = useState<unknown>(null);
  const runningRef = useRef<string | null>(null);

  // Progress is asked for, not broadcast: only this window learns how its search is going.
  useEffect(() => {
    if (running === null) return;
    const timer = setInterval(() => {
      void api.request('streams:searchProgress', { searchId: running }).then((answer) => {
        if (answer.ok && answer.value.progress !== null && runningRef.current === running) setProgress(answer.value.progress);
      });
    }, PROGRESS_POLL_MS);
    return () => clearInterval(timer);
  }, [api, running]);
  // A search left running when the stream is closed is stopped, not orphaned.
  useEffect(
    () => () => {
      if (runningRef.current !== null) void api.request('streams:searchStop', { searchId: runningRef.current });
    },
    [api, streamKey],
  );

  /** The window the inputs describe, or what is wrong with them in words. */
  const windowOf = (): SearchWindow | string => {
    if (windowKind === 'ids') return { kind: 'ids', fromId, toId };
    const fromMs = fromLocalInputValue(fromTime);
    const toMs = fromLocalInputValue(toTime);
    if (fromMs === null || toMs === null) return 'Enter both times as a date and a time of day, such as 2024-04-25 14:00:00.';
    if (fromMs > toMs) return 'The "to" time is before the "from" time: swap them.';
    // The "to" second is included whole: 14:05:00 means up to 14:05:00.999.
    return { kind: 'time', fromMs, toMs: toMs + 999 };
  };

  const onSubmit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setError(null);
    const window = windowOf();
    if (typeof window === 'string') {
      setError(new Error(window));
      return;
    }
    const searchId = `search-${Date.now()}-${++searchCounter}`;
    runningRef.current = searchId;
    setRunning(searchId);
    setProgress(null);
    setResult(null);
    setSearched({ window, query });
    try {
      const found = await callBus(api, 'streams:search', { profileId, key: streamKey, ...(keyBase64 === undefined ? {} : { keyBase64 }), searchId, window, query, maxEntries });
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
          window
          <select aria-label="Search window by" value={windowKind} onChange={(event) => setWindowKind(event.target.value === 'time' ? 'time' : 'ids')}>
            <option value="ids">by entry id</option>
            <option value="time">by time</option>
          </select>
        </label>
        {windowKind === 'ids' ? (
          <>
            <label>
              from id <input className="mono-input id-input" value={fromId} onChange={(event) => setFromId(event.target.value)} />
            </label>
            <label>
              to id <input className="mono-input id-input" value={toId} onChange={(event) => setToId(event.target.value)} />
            </label>
          </>
        ) : (
          <>
            <label>
              from time <input type="datetime-local" step={1} value={fromTime} onChange={(event) => setFromTime(event.target.value)} />
            </label>
            <label>
              to time <input type="datetime-local" step={1} value={toTime} onChange={(event) => setToTime(event.target.value)} />
            </label>
          </>
        )}
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
      <p className="field-hint">
        {windowKind === 'ids'
          ? 'Reads the entries from id … to id (- is the oldest, + the newest; milliseconds alone work too), newest first, in the bus.'
          : 'Reads the entries added from the first time to the second, both seconds included (an entry id is the time it was added), newest first, in the bus.'}{' '}
        Same syntax as a lane filter; leave the search empty to list every entry of the window.
      </p>
      {error !== null && <Notice tone="error">{describeError(error)}</Notice>}
      {shown !== null && searched?.window.kind === 'time' && (
        <p role="status" className="search-status">
          {timeSearchStatus(searched.window.fromMs, searched.window.toMs, searched.query, shown, running === null ? result : null, maxEntries)}
        </p>
      )}
      {shown !== null && searched?.window.kind !== 'time' && (
        <p role="status" className="search-status">
          {running !== null ? 'Searching… ' : result?.outcome === 'stopped' ? 'Stopped. ' : result?.outcome === 'limit' ? `Stopped at the limit of ${countWords(maxEntries, 'entry', 'entries')}. ` : 'Done. '}
          {countWords(shown.matched, 'match', 'matches')} in {countWords(shown.scanned, 'entry', 'entries')}
          {shown.newestId !== null ? `, searched ${shown.oldestId} … ${shown.newestId}` : ''}
          {result !== null && result.matches.length < result.matched ? ` (the newest ${result.matches.length} shown)` : ''}.
        </p>
      )}
    </form>
  );
}
