/**
 * A stream's entries, a page at a time, newest first, read with the Buffer
 * commands so binary values and names that are not UTF-8 arrive byte for
 * byte. A page asks for one entry more than it shows, to know whether more
 * lie beyond it without a second command where it can.
 */
import type { RedisKey } from 'ioredis';
import type { LabwireClient } from '../../connections/connectClient';
import type { EntriesRange, StreamEntriesPage, StreamEntriesRequest } from '../../../shared/features/streamsContract';
import { fail, ok, type Result } from '../../../shared/result';
import { firstIdAt, lastIdAt, parseStreamId, type StreamEntryDetail } from '../../../shared/streamEntries';
import { decodeEntry, decodeEntryDetail, readRawEntries, type RawEntry } from './entryDecoding';
import { quotedKey, streamCommandFailure } from './streamCommandError';
import { streamKeyArgument } from './streamKeyArgument';

/** The command and its bounds for a range: XREVRANGE reads newest first, XRANGE oldest first. */
interface RangeRead {
  command: 'XREVRANGE' | 'XRANGE';
  /** First bound as the command takes it (end for XREVRANGE, start for XRANGE). */
  from: string;
  to: string;
}

export function badId(field: string): Result<never> {
  return fail('INVALID', 'Enter an entry id like 1714000000000-0 (milliseconds, a dash, a sequence number), or milliseconds alone.', { field });
}

function rangeRead(range: EntriesRange): Result<RangeRead> {
  switch (range.kind) {
    case 'newest':
      return ok({ command: 'XREVRANGE', from: '+', to: '-' });
    case 'olderThan':
    case 'atOrBefore':
    case 'newerThan': {
      const id = parseStreamId(range.id);
      if (!id) return badId('range.id');
      const exact = `${id.ms}-${id.seq}`;
      if (range.kind === 'newerThan') return ok({ command: 'XRANGE', from: `(${exact}`, to: '+' });
      return ok({ command: 'XREVRANGE', from: range.kind === 'olderThan' ? `(${exact}` : exact, to: '-' });
    }
    case 'time':
      if (range.fromMs > range.toMs) return fail('INVALID', 'The time range ends before it starts: swap the two times.', { field: 'range' });
      return ok({ command: 'XREVRANGE', from: lastIdAt(range.toMs), to: firstIdAt(range.fromMs) });
  }
}

async function readRange(client: LabwireClient, key: RedisKey, read: RangeRead, count: number): Promise<RawEntry[]> {
  const reply: unknown =
    read.command === 'XREVRANGE'
      ? await client.xrevrangeBuffer(key, read.from, read.to, 'COUNT', count)
      : await client.xrangeBuffer(key, read.from, read.to, 'COUNT', count);
  return readRawEntries(reply);
}

async function hasEntryBeyond(client: LabwireClient, key: RedisKey, id: string, direction: 'older' | 'newer'): Promise<boolean> {
  const read: RangeRead = direction === 'older' ? { command: 'XREVRANGE', from: `(${id}`, to: '-' } : { command: 'XRANGE', from: `(${id}`, to: '+' };
  return (await readRange(client, key, read, 1)).length > 0;
}

/**
 * TYPE is sent alongside the read: a missing key and a key of another type
 * get their own plain answer (the read itself only says WRONGTYPE).
 */
function typeProblem(type: PromiseSettledResult<string>, key: string): Result<never> | null {
  if (type.status !== 'fulfilled') return null;
  if (type.value === 'none') return fail('NOT_FOUND', `There is no stream named ${quotedKey(key)} (any more). It may have been deleted or expired.`);
  if (type.value !== 'stream') return fail('INVALID', `The key ${quotedKey(key)} holds a ${type.value}, not a stream, so it has no entries to show.`);
  return null;
}

export async function readEntriesPage(client: LabwireClient, request: StreamEntriesRequest, username: string): Promise<Result<StreamEntriesPage>> {
  const read = rangeRead(request.range);
  if (!read.ok) return read;
  const target = streamKeyArgument(request);
  if (!target.ok) return target;
  const { key, count } = request;
  const exactKey = target.value;
  const kind = request.range.kind;
  try {
    const [type, length, rowsRead] = await Promise.allSettled([client.type(exactKey), client.xlen(exactKey), readRange(client, exactKey, read.value, count + 1)]);
    const problem = typeProblem(type, key);
    if (problem) return problem;
    if (rowsRead.status === 'rejected') throw rowsRead.reason;
    const rows = rowsRead.value;
    const hasMoreInDirection = rows.length > count;
    const shown = rows.slice(0, count);
    if (read.value.command === 'XRANGE') shown.reverse();
    const newest = shown[0]?.id;
    const oldest = shown[shown.length - 1]?.id;
    let hasOlder: boolean;
    let hasNewer: boolean;
    if (kind === 'newerThan') {
      hasNewer = hasMoreInDirection;
      hasOlder = true;
    } else {
      hasOlder = hasMoreInDirection || (kind === 'time' && oldest !== undefined && (await hasEntryBeyond(client, exactKey, oldest, 'older')));
      if (kind === 'newest') hasNewer = false;
      else if (kind === 'olderThan') hasNewer = true;
      else hasNewer = newest !== undefined && (await hasEntryBeyond(client, exactKey, newest, 'newer'));
    }
    return ok({ entries: shown.map((raw) => decodeEntry(raw)), hasOlder, hasNewer, length: length.status === 'fulfilled' ? length.value : rows.length });
  } catch (error) {
    return streamCommandFailure(error, { command: read.value.command, key, username });
  }
}

/** `keyBase64`: the key's exact bytes when its name is not UTF-8 (`key` is then the text shown). */
export async function readEntryDetail(client: LabwireClient, key: string, idText: string, username: string, keyBase64?: string): Promise<Result<StreamEntryDetail>> {
  const id = parseStreamId(idText);
  if (!id) return badId('id');
  const target = streamKeyArgument(keyBase64 === undefined ? { key } : { key, keyBase64 });
  if (!target.ok) return target;
  const exact = `${id.ms}-${id.seq}`;
  try {
    const [type, entryRead] = await Promise.allSettled([client.type(target.value), readRange(client, target.value, { command: 'XRANGE', from: exact, to: exact }, 1)]);
    const problem = typeProblem(type, key);
    if (problem) return problem;
    if (entryRead.status === 'rejected') throw entryRead.reason;
    const raw = entryRead.value[0];
    if (!raw) return fail('NOT_FOUND', `Entry ${exact} is no longer in ${quotedKey(key)}: it was trimmed or deleted.`);
    return ok(decodeEntryDetail(raw));
  } catch (error) {
    return streamCommandFailure(error, { command: 'XRANGE', key, username });
  }
}
