/**
 * The profile's streams: a pattern, pages of SCAN results, each with its
 * facts; one click opens a stream. The facts of the listed streams (and of
 * the opened one) are read again every few seconds in one request, and the
 * opened stream's header is given the same read, so the list and the header
 * always show the same numbers.
 */
import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { MAX_STREAMS_PER_PAGE, type StreamSummary } from '../../../../shared/features/streamsContract';
import { callBus } from '../../api/callBus';
import { describeError } from '../../api/requestError';
import { Notice } from '../../components/Notice';
import { useNow } from '../../components/useNow';
import { formatBytes } from '../../format/formatBytes';
import { formatClockTime } from '../../format/formatClockTime';
import { useLabwireApi } from '../../transport/transportContext';
import { formatAge } from './streamFormatting';
import { countWords, formatCount } from '../../../../shared/countWords';

const STREAMS_PER_PAGE = 50;
/** How often the listed streams' facts are read again: they move while the streams are worked. */
export const FACTS_REFRESH_MS = 5_000;

interface StreamListProps {
  profileId: string;
  /** The opened stream's exact name (StreamSummary.keyBase64). */
  openedKey: string | null;
  onOpen(stream: StreamSummary, readAt: number): void;
  /** Every fresh read of the facts: the opened stream's header takes its own from it. */
  onFacts(streams: readonly StreamSummary[], readAt: number): void;
  /** Folded to a narrow strip: the facts are still read (the header's come from here), only the table is not drawn. */
  isCollapsed: boolean;
  onToggleCollapsed(): void;
}

interface Listing {
  pattern: string;
  /** Epoch ms of the newest page: the counts are as of then. */
  readAt: number;
  streams: StreamSummary[];
  nextCursor: string;
  hasMore: boolean;
}

export function StreamList({ profileId, openedKey, onOpen, onFacts, isCollapsed, onToggleCollapsed }: StreamListProps) {
  const api = useLabwireApi();
  const now = useNow(true, 5_000);
  const [pattern, setPattern] = useState('*');
  const [listing, setListing] = useState<Listing | null>(null);
  // True from the start: the first page is asked for on opening.
  const [isLoading, setIsLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);

  // Only the newest listing may land: an older answer arriving late must not replace it.
  const generation = useRef(0);
  const load = async (wanted: string, previous: Listing | null): Promise<void> => {
    const mine = ++generation.current;
    setIsLoading(true);
    setError(null);
    try {
      const page = await callBus(api, 'streams:list', { profileId, pattern: wanted, cursor: previous?.nextCursor ?? '0', count: STREAMS_PER_PAGE });
      if (mine !== generation.current) return;
      setListing({ pattern: wanted, readAt: Date.now(), streams: withoutRepeats([...(previous?.streams ?? []), ...page.streams]), nextCursor: page.nextCursor, hasMore: page.hasMore });
    } catch (caught) {
      if (mine === generation.current) setError(caught);
    } finally {
      if (mine === generation.current) setIsLoading(false);
    }
  };

  // The first page of every stream is listed on opening: that is what someone opening this tab came for.
  useEffect(() => {
    const mine = ++generation.current;
    callBus(api, 'streams:list', { profileId, pattern: '*', cursor: '0', count: STREAMS_PER_PAGE }).then(
      (page) => {
        if (mine !== generation.current) return;
        setListing({ pattern: '*', readAt: Date.now(), streams: withoutRepeats(page.streams), nextCursor: page.nextCursor, hasMore: page.hasMore });
        setIsLoading(false);
      },
      (caught: unknown) => {
        if (mine !== generation.current) return;
        setError(caught);
        setIsLoading(false);
      },
    );
  }, [api, profileId]);

  const facts = useListedFacts(profileId, listing, openedKey);
  useEffect(() => {
    if (facts) onFacts(facts.streams, facts.readAt);
    // onFacts is the parent's setter wrapper; only a new read matters here.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [facts]);
  const freshByKey = new Map((facts?.streams ?? []).map((stream) => [stream.keyBase64, stream]));
  const rows = listing?.streams.map((stream) => freshByKey.get(stream.keyBase64) ?? stream) ?? [];
  const countsReadAt = facts && listing && facts.readAt > listing.readAt ? facts.readAt : (listing?.readAt ?? 0);

  const onSubmit = (event: FormEvent): void => {
    event.preventDefault();
    void load(pattern === '' ? '*' : pattern, null);
  };

  if (isCollapsed) {
    return (
      <section className="card stream-list is-collapsed" aria-label="Streams">
        <button type="button" className="stream-list-toggle" aria-expanded={false} onClick={onToggleCollapsed} title="Show the list of streams again">
          Streams ›
        </button>
        {listing && <span className="muted">{countWords(listing.streams.length, 'stream')}</span>}
      </section>
    );
  }

  return (
    <section className="card stream-list" aria-label="Streams">
      <button type="button" className="stream-list-toggle compact" aria-expanded onClick={onToggleCollapsed} title="Fold the list away: the opened stream gets the width">
        ‹ Hide list
      </button>
      <form className="stream-list-form" onSubmit={onSubmit} aria-label="Find streams">
        <label>
          Streams matching
          <input className="mono-input" value={pattern} spellCheck={false} autoComplete="off" onChange={(event) => setPattern(event.target.value)} />
        </label>
        <button type="submit" disabled={isLoading}>
          {listing === null ? 'List streams' : 'List again'}
        </button>
      </form>
      <p className="field-hint">Keys of type stream whose name matches (SCAN, a page at a time: the server is never asked for all keys at once).</p>
      {error !== null && <Notice tone="error">{describeError(error)}</Notice>}
      {listing && (
        <p role="status" className="muted">
          {countWords(listing.streams.length, 'stream')} matching {listing.pattern}
          {listing.hasMore ? ' so far: more keys remain to be looked at.' : '.'} Counts as of {formatClockTime(countsReadAt)}, read every{' '}
          {FACTS_REFRESH_MS / 1000} s{listing.streams.length > MAX_STREAMS_PER_PAGE ? ` for the first ${MAX_STREAMS_PER_PAGE}` : ''}; “List again” looks for new streams.
        </p>
      )}
      {listing && listing.streams.length > 0 && (
        <table className="stream-table">
          <thead>
            <tr>
              <th scope="col">Stream · groups · memory</th>
              <th scope="col" className="number">Entries</th>
              <th scope="col">Last entry</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((stream) => (
              <tr key={stream.keyBase64} aria-selected={stream.keyBase64 === openedKey}>
                <td>
                  <button
                    type="button"
                    className="link-button mono"
                    // Chromium reads a <wbr> as a space: the name is said (and found) exactly as written.
                    aria-label={stream.key.text}
                    title={stream.openKey === null ? 'This name is not UTF-8 text: \\xFF marks a byte that is not. It opens by its exact bytes.' : undefined}
                    onClick={() => onOpen(stream, countsReadAt)}
                  >
                    {withBreaksAfterColons(stream.key.text)}
                  </button>
                  {stream.deadLetterOf !== null && <span className="badge dlq-badge" title={`Dead letters of ${stream.deadLetterOf}`}>DLQ of {stream.deadLetterOf}</span>}
                  {/* Groups and memory under the name, labelled: two columns of their own cost the entries' payloads 120 px at 1440x900. */}
                  <div className="stream-row-facts muted">
                    {countWords(stream.groups, 'group')} · {stream.memoryBytes === null ? 'memory unknown' : formatBytes(stream.memoryBytes)}
                  </div>
                  {stream.problem !== undefined && <div className="field-hint">{stream.problem}</div>}
                </td>
                <td className="number">{formatCount(stream.length)}</td>
                <td title={stream.last?.id}>{stream.last ? formatAge(stream.last.timeMs, now, countsReadAt) : 'empty'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {listing?.hasMore && (
        <button type="button" disabled={isLoading} onClick={() => void load(listing.pattern, listing)}>
          {isLoading ? 'Loading…' : 'Load more'}
        </button>
      )}
    </section>
  );
}

/** "lab:tasks:dlq" may wrap after a colon, never inside a word: the list column is narrow. */
function withBreaksAfterColons(name: string): ReactNode[] {
  return name.split(/(?<=:)/).flatMap((part, index) => (index === 0 ? [part] : [<wbr key={index} />, part]));
}

/** SCAN may return a key more than once (while the server rehashes): each stream is listed once, the first time seen. */
function withoutRepeats(streams: readonly StreamSummary[]): StreamSummary[] {
  const seen = new Set<string>();
  return streams.filter((stream) => {
    const key = `${stream.key.text}\u0000${stream.key.byteLength}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The listed streams' facts (the first MAX_STREAMS_PER_PAGE, and the opened one), read again every FACTS_REFRESH_MS. */
function useListedFacts(profileId: string, listing: Listing | null, openedKey: string | null): { streams: StreamSummary[]; readAt: number } | undefined {
  const api = useLabwireApi();
  const keys = (listing?.streams ?? []).slice(0, MAX_STREAMS_PER_PAGE).map((stream) => stream.keyBase64);
  if (openedKey !== null && !keys.includes(openedKey)) keys.splice(MAX_STREAMS_PER_PAGE - 1, keys.length, openedKey);
  const query = useQuery({
    // A new listing or another opened stream is a new set of keys.
    queryKey: ['streams', 'facts', profileId, listing?.pattern, listing?.readAt, keys.length, openedKey],
    queryFn: async () => ({ streams: (await callBus(api, 'streams:facts', { profileId, keysBase64: keys })).streams, readAt: Date.now() }),
    enabled: keys.length > 0,
    refetchInterval: FACTS_REFRESH_MS,
  });
  return query.data;
}
