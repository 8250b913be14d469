/**
 * Searches the decoded entries of one bounded window of a stream, in the
 * bus, newest first, a chunk at a time: the server only ever answers
 * XREVRANGE … COUNT, never a scan of the keyspace. Stoppable between chunks;
 * reports progress; answers with the exact id range it read.
 */
import type { LabwireClient } from '../../connections/connectClient';
import { matchesFeedFilter, parseFeedFilter, type FeedFilter, type FeedFilterSubject } from '../../../shared/feedFilter';
import {
  MAX_SEARCH_MATCHES,
  type SearchWindow,
  type StreamSearchProgress,
  type StreamSearchRequest,
  type StreamSearchResult,
} from '../../../shared/features/streamsContract';
import { fail, ok, type Result } from '../../../shared/result';
import { firstIdAt, lastIdAt, parseStreamId, type StreamEntry } from '../../../shared/streamEntries';
import { decodePayload } from '../../decode/decodePayload';
import { decodeEntry, readRawEntries, type RawEntry } from './entryDecoding';
import { badId } from './streamEntriesReader';
import { quotedKey, streamCommandFailure } from './streamCommandError';
import { streamKeyArgument } from './streamKeyArgument';

/** Entries per XREVRANGE: small enough that a stop is felt at once, large enough that round trips do not dominate. */
export const SEARCH_CHUNK_ENTRIES = 500;
/** A value larger than this is searched by its name only (decoding it would stall the bus). */
const MAX_SEARCHED_VALUE_BYTES = 256 * 1024;

export interface SearchControl {
  isStopped: boolean;
}

function windowBounds(window: SearchWindow): Result<{ newest: string; oldest: string }> {
  if (window.kind === 'time') {
    if (window.fromMs > window.toMs) return fail('INVALID', 'The time window ends before it starts: swap the two times.', { field: 'window' });
    return ok({ newest: lastIdAt(window.toMs), oldest: firstIdAt(window.fromMs) });
  }
  const from = window.fromId.trim() === '-' ? '-' : parseStreamId(window.fromId);
  const to = window.toId.trim() === '+' ? '+' : parseStreamId(window.toId);
  if (!from) return badId('window.fromId');
  if (!to) return badId('window.toId');
  return ok({ newest: to === '+' ? '+' : `${to.ms}-${to.seq}`, oldest: from === '-' ? '-' : `${from.ms}-${from.seq}` });
}

/** What a filter sees of an entry: field name to decoded value (JSON, MessagePack) or text, and all of it as text. */
export function searchSubject(raw: RawEntry): FeedFilterSubject {
  const value: Record<string, unknown> = {};
  let text = '';
  for (const field of raw.fields) {
    const name = field.name.toString('utf8');
    text += `${name}\n`;
    if (field.value.length > MAX_SEARCHED_VALUE_BYTES) continue;
    const decoded = decodePayload(field.value);
    let fieldValue: unknown;
    if (decoded.kind === 'json' || decoded.kind === 'msgpack') fieldValue = decoded.value;
    else if (decoded.kind === 'text') fieldValue = decoded.text;
    else fieldValue = field.value.toString('latin1');
    if (!Object.hasOwn(value, name)) Object.defineProperty(value, name, { value: fieldValue, enumerable: true, writable: true, configurable: true });
    text += `${decoded.kind === 'json' ? decoded.source : typeof fieldValue === 'string' ? fieldValue : JSON.stringify(fieldValue) ?? ''}\n`;
  }
  return { value, hasValue: true, text };
}

export async function runSearch(
  client: LabwireClient,
  request: StreamSearchRequest,
  control: SearchControl,
  username: string,
  onProgress: (progress: StreamSearchProgress) => void,
): Promise<Result<StreamSearchResult>> {
  const parsed = parseFeedFilter(request.query);
  if (!parsed.ok) return parsed;
  const filter: FeedFilter = parsed.value;
  const bounds = windowBounds(request.window);
  if (!bounds.ok) return bounds;
  const target = streamKeyArgument(request);
  if (!target.ok) return target;
  const exactKey = target.value;
  const progress: StreamSearchProgress = { searchId: request.searchId, scanned: 0, matched: 0, newestId: null, oldestId: null };
  const matches: StreamEntry[] = [];
  let end = bounds.value.newest;
  let outcome: StreamSearchResult['outcome'] = 'done';
  try {
    const type = await client.type(exactKey);
    if (type === 'none') return fail('NOT_FOUND', `There is no stream named ${quotedKey(request.key)} (any more), so there is nothing to search.`);
    if (type !== 'stream') return fail('INVALID', `The key ${quotedKey(request.key)} holds a ${type}, not a stream, so there are no entries to search.`);
    for (;;) {
      if (control.isStopped) {
        outcome = 'stopped';
        break;
      }
      const left = request.maxEntries - progress.scanned;
      if (left <= 0) {
        outcome = 'limit';
        break;
      }
      const wanted = Math.min(SEARCH_CHUNK_ENTRIES, left);
      const rows = readRawEntries(await client.xrevrangeBuffer(exactKey, end, bounds.value.oldest, 'COUNT', wanted));
      for (const raw of rows) {
        progress.scanned++;
        progress.newestId ??= raw.id;
        progress.oldestId = raw.id;
        if (!matchesFeedFilter(filter, searchSubject(raw))) continue;
        progress.matched++;
        if (matches.length < MAX_SEARCH_MATCHES) matches.push(decodeEntry(raw));
      }
      if (rows.length < wanted) break;
      end = `(${rows[rows.length - 1]!.id}`;
      onProgress({ ...progress });
    }
  } catch (error) {
    return streamCommandFailure(error, { command: 'XREVRANGE', key: request.key, username });
  }
  // A window that ends exactly at maxEntries is read to its end: say "done" only when nothing is left.
  if (outcome === 'limit') {
    const rest = await client.xrevrangeBuffer(exactKey, end, bounds.value.oldest, 'COUNT', 1).catch(() => null);
    if (Array.isArray(rest) && rest.length === 0) outcome = 'done';
  }
  return ok({ ...progress, matches, outcome });
}
