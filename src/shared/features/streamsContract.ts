/**
 * The streams browser's slice of the contract: the streams of a profile
 * (SCAN with TYPE stream, paged), a stream's entries newest first, one
 * entry in full, and a bounded, stoppable search over a window of entries.
 */
import type { DisplayText } from '../liveChannels';
import { arrayOf, idCheck, integer, oneOf, optional, shape, string, variants } from '../requestChecks';
import { request } from '../requestSlice';
import type { StreamEntry, StreamEntryDetail } from '../streamEntries';

/** Streams a list page holds at most. */
export const MAX_STREAMS_PER_PAGE = 200;
/** Keys SCAN may visit for one list page before it answers "more" (bounds the server's work per request). */
export const MAX_KEYS_SCANNED_PER_PAGE = 20_000;
export const MAX_ENTRIES_PER_PAGE = 500;
/** The most entries one search reads. */
export const MAX_SEARCH_ENTRIES = 100_000;
export const MAX_SEARCH_MATCHES = 500;

export interface StreamListRequest {
  profileId: string;
  /** A SCAN MATCH glob; '' or '*' for every stream. */
  pattern: string;
  /** '0' for the first page, then the `nextCursor` of the page before. */
  cursor: string;
  /** Streams wanted on this page (a hint: SCAN may find fewer before its work bound). */
  count: number;
}

export interface StreamEnd {
  id: string;
  timeMs: number;
}

/**
 * What can be learned of a stream's retention. Redis keeps no MAXLEN or
 * MINID of the producer: only how many entries were ever added and the
 * newest id removed, so "removed" counts trimmed and deleted entries alike.
 */
export interface StreamRetention {
  /** entries-added (Redis 7.0+); null when the server does not say. */
  entriesAdded: number | null;
  /** entriesAdded − length: entries trimmed (MAXLEN/MINID/XTRIM) or deleted (XDEL). */
  removed: number | null;
  /** The newest id ever removed; '0-0' when none was. */
  maxDeletedId: string | null;
  /** The first id Redis remembers (recorded-first-entry-id). */
  recordedFirstId: string | null;
}

export interface StreamSummary {
  /** The key as bytes made safe to show. */
  key: DisplayText;
  /** The key as text to open it with; null for a key that is not UTF-8 text (open it by `keyBase64`). */
  openKey: string | null;
  /** The key's exact bytes in base64: how a key that is not UTF-8 is named in requests (`keyBase64`). */
  keyBase64: string;
  length: number;
  first: StreamEnd | null;
  last: StreamEnd | null;
  lastGeneratedId: string;
  groups: number;
  /** MEMORY USAGE in bytes; null when it could not be read (an ACL without MEMORY). */
  memoryBytes: number | null;
  retention: StreamRetention;
  /** The origin stream when the key's name is a dead-letter stream's (by the profile's templates). */
  deadLetterOf: string | null;
  /** Why some facts are missing (NOPERM on XINFO, the key deleted meanwhile), in plain words. */
  problem?: string;
}

/** The facts of streams already listed, read again (the list and the opened stream stay current). */
export interface StreamFactsRequest {
  profileId: string;
  /** Each stream's exact name (StreamSummary.keyBase64), at most MAX_STREAMS_PER_PAGE. */
  keysBase64: string[];
}

export interface StreamListPage {
  streams: StreamSummary[];
  /** '0' when SCAN has visited every key (on a Cluster: of every master). */
  nextCursor: string;
  hasMore: boolean;
  /** Cluster profiles only: masters whose keys were all scanned so far, of how many. */
  masters?: { covered: number; total: number };
}

export type EntriesRange =
  /** The newest entries. */
  | { kind: 'newest' }
  /** Entries older than `id` (the older page). */
  | { kind: 'olderThan'; id: string }
  /** Entries newer than `id` (the newer page), the oldest of them first read. */
  | { kind: 'newerThan'; id: string }
  /** Entries at `id` and older: jump to an id. */
  | { kind: 'atOrBefore'; id: string }
  /** Entries added from `fromMs` to `toMs` (epoch ms, both included), newest first. */
  | { kind: 'time'; fromMs: number; toMs: number };

/**
 * How a request names a stream: `key` is its text; a key that is not UTF-8
 * adds `keyBase64` (its exact bytes, from StreamSummary) and `key` is then
 * only the text shown in messages.
 */
export interface StreamKeyTarget {
  key: string;
  keyBase64?: string;
}

export interface StreamEntriesRequest extends StreamKeyTarget {
  profileId: string;
  range: EntriesRange;
  count: number;
}

export interface StreamEntriesPage {
  /** Newest first. */
  entries: StreamEntry[];
  /** More entries exist past the oldest shown (in the range asked). */
  hasOlder: boolean;
  /** More entries exist past the newest shown. */
  hasNewer: boolean;
  /** XLEN when the page was read. */
  length: number;
}

/** Which entries a search reads: ids or times, both ends included; it reads newest first. */
export type SearchWindow = { kind: 'ids'; fromId: string; toId: string } | { kind: 'time'; fromMs: number; toMs: number };

export interface StreamSearchRequest extends StreamKeyTarget {
  profileId: string;
  /** Chosen by the caller, to stop the search and to match its progress events. */
  searchId: string;
  window: SearchWindow;
  /** The lane filter syntax (feedFilter.ts): `payload.status == failed`, or plain text. */
  query: string;
  /** Entries read at most; up to MAX_SEARCH_ENTRIES. */
  maxEntries: number;
}

export interface StreamSearchProgress {
  searchId: string;
  scanned: number;
  matched: number;
  /** The newest and oldest ids read so far (the range searched); null before the first entry. */
  newestId: string | null;
  oldestId: string | null;
}

export interface StreamSearchResult extends StreamSearchProgress {
  /** Newest first, at most MAX_SEARCH_MATCHES (`matched` counts them all). */
  matches: StreamEntry[];
  /**
   * done: the window was read to its end. stopped: the user stopped it.
   * limit: maxEntries were read before the window's end.
   */
  outcome: 'done' | 'stopped' | 'limit';
}


const key = string(64 * 1024);
/** A key's bytes in base64 (4/3 of the key's 64 KiB, rounded up). */
const keyBase64 = optional(string(88 * 1024));
const entryId = string(50);
const count = integer(1, MAX_ENTRIES_PER_PAGE);
const epochMs = integer(0, Number.MAX_SAFE_INTEGER);

const entriesRange = variants('kind', {
  newest: shape({ kind: oneOf(['newest']) }),
  olderThan: shape({ kind: oneOf(['olderThan']), id: entryId }),
  newerThan: shape({ kind: oneOf(['newerThan']), id: entryId }),
  atOrBefore: shape({ kind: oneOf(['atOrBefore']), id: entryId }),
  time: shape({ kind: oneOf(['time']), fromMs: epochMs, toMs: epochMs }),
});

const searchWindow = variants('kind', {
  ids: shape({ kind: oneOf(['ids']), fromId: entryId, toId: entryId }),
  time: shape({ kind: oneOf(['time']), fromMs: epochMs, toMs: epochMs }),
});

export const STREAMS_REQUESTS = {
  /** SCAN … TYPE stream MATCH pattern, bounded per page, with each stream's facts (XINFO STREAM, MEMORY USAGE). */
  'streams:list': request<StreamListRequest, StreamListPage>(
    shape({ profileId: idCheck, pattern: string(1024), cursor: string(40), count: integer(1, MAX_STREAMS_PER_PAGE) }),
  ),
  /** XINFO STREAM and MEMORY USAGE of named streams, in the order asked; a stream gone says so in its `problem`. */
  'streams:facts': request<StreamFactsRequest, { streams: StreamSummary[] }>(
    shape({ profileId: idCheck, keysBase64: arrayOf(string(88 * 1024), MAX_STREAMS_PER_PAGE) }),
  ),
  /** XREVRANGE/XRANGE with COUNT, bytes exact, each field decoded like a live message. */
  'streams:entries': request<StreamEntriesRequest, StreamEntriesPage>(shape({ profileId: idCheck, key, keyBase64, range: entriesRange, count })),
  /** One entry in full: every field's bytes, decoded tree and hex. */
  'streams:entryDetail': request<StreamKeyTarget & { profileId: string; id: string }, StreamEntryDetail>(
    shape({ profileId: idCheck, key, keyBase64, id: entryId }),
  ),
  /**
   * Reads the window newest first in chunks and answers when done or stopped.
   * Its progress is asked for by the window that started it
   * (`streams:searchProgress`), never sent to every window: what one operator
   * searches for is not shown to another.
   */
  'streams:search': request<StreamSearchRequest, StreamSearchResult>(
    shape({
      profileId: idCheck,
      key,
      keyBase64,
      searchId: idCheck,
      window: searchWindow,
      query: string(2000),
      maxEntries: integer(1, MAX_SEARCH_ENTRIES),
    }),
  ),
  /** How far a running search of this window has got; null when none of this window's searches has that id. */
  'streams:searchProgress': request<{ searchId: string }, { progress: StreamSearchProgress | null }>(shape({ searchId: idCheck })),
  /** Stops a running search of this window; it answers with what it found so far. False when this window runs no such search. */
  'streams:searchStop': request<{ searchId: string }, { wasRunning: boolean }>(shape({ searchId: idCheck })),
} as const;

