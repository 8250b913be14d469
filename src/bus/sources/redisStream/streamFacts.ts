/**
 * What the tail needs to know about a stream before it reads it, and after
 * it was away: XINFO STREAM's last id, entries-added, length, first entry
 * and max-deleted-entry-id (all reported by Redis 7.0 and later; the 7.0
 * here moves max-deleted-entry-id on XDEL only, not on a trim).
 */
import type { LabwireClient } from '../../connections/connectClient';
import { compareStreamIds, START_ID } from './streamIds';

export interface StreamFacts {
  /** False when the key does not exist (yet). */
  exists: boolean;
  lastGeneratedId: string;
  entriesAdded: number;
  length: number;
  firstEntryId: string | null;
  maxDeletedId: string;
}

const MISSING: StreamFacts = { exists: false, lastGeneratedId: START_ID, entriesAdded: 0, length: 0, firstEntryId: null, maxDeletedId: START_ID };

/** XINFO STREAM; a missing key is `exists: false`, any other error (WRONGTYPE, NOPERM) rejects. */
export async function readStreamFacts(client: LabwireClient, name: Buffer): Promise<StreamFacts> {
  let reply: unknown;
  try {
    reply = await client.call('XINFO', 'STREAM', name);
  } catch (error) {
    if (error instanceof Error && /no such key/i.test(error.message)) return MISSING;
    throw error;
  }
  const fields = Array.isArray(reply) ? reply : [];
  const valueOf = (name: string): unknown => {
    for (let index = 0; index + 1 < fields.length; index += 2) if (String(fields[index]) === name) return fields[index + 1];
    return undefined;
  };
  const firstEntry = valueOf('first-entry');
  return {
    exists: true,
    lastGeneratedId: String(valueOf('last-generated-id') ?? START_ID),
    entriesAdded: Number(valueOf('entries-added') ?? 0),
    length: Number(valueOf('length') ?? 0),
    firstEntryId: Array.isArray(firstEntry) ? String(firstEntry[0]) : null,
    maxDeletedId: String(valueOf('max-deleted-entry-id') ?? START_ID),
  };
}

/**
 * The sentence a resumed tail shows: how many entries after `lastId` were
 * deleted (trimmed) before they could be read, or that nothing was missed.
 * `addedUpToLastId` is entries-added as of lastId (see TailEntry).
 */
export function describeResume(facts: StreamFacts, lastId: string, addedUpToLastId: number): { note: string; restartFrom: string | null } {
  if (!facts.exists) {
    if (lastId === START_ID) return { note: `Resumed; the stream does not exist yet, Labwire waits for its first entry.`, restartFrom: null };
    return { note: `The stream was deleted while Labwire was away: entries added after ${lastId} before it was deleted could not be read. Labwire waits for new entries.`, restartFrom: START_ID };
  }
  if (compareStreamIds(facts.lastGeneratedId, lastId) < 0) {
    // The key was deleted and made again with lower ids: reading from the old id would skip everything.
    return { note: `The stream was deleted and created again while Labwire was away; the tail follows the new stream from its first entry.`, restartFrom: START_ID };
  }
  // Trimming (XTRIM, MAXLEN on XADD) removes the oldest entries and leaves max-deleted-entry-id alone: a first entry past
  // lastId means everything between was trimmed, and entries-added tells how much.
  if (facts.firstEntryId === null || compareStreamIds(facts.firstEntryId, lastId) > 0) {
    const missed = Math.max(0, facts.entriesAdded - addedUpToLastId - facts.length);
    if (missed === 0) return { note: `Resumed from ${lastId}, nothing missed.`, restartFrom: null };
    return { note: `Resumed from ${lastId}: ${missed.toLocaleString('en-US')} ${missed === 1 ? 'entry was' : 'entries were'} trimmed from the stream while Labwire was away and could not be read.`, restartFrom: null };
  }
  // XDEL records the newest id it removed; one past lastId means some unread entries were deleted one by one.
  if (compareStreamIds(facts.maxDeletedId, lastId) <= 0) return { note: `Resumed from ${lastId}, nothing missed.`, restartFrom: null };
  return { note: `Resumed from ${lastId}: some entries added after it were deleted while Labwire was away (XDEL) and could not be read.`, restartFrom: null };
}
