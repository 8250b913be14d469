/**
 * The Redis side of dead letters, on a ready client and with no checks of
 * the profile (deadLetterService.ts does those): reading, moving, replaying
 * and discarding. Replays and moves are pipelined, one script per entry.
 */
import type { LabwireClient } from '../../connections/connectClient';
import { deadLetterKeysOf, deadLetterOrigin } from '../../../shared/deadLetterNames';
import type { DeadLetterList, DeadLetterPage, DeadLetterStream, MoveOutcome, ReplayOutcome } from '../../../shared/features/deadLettersContract';
import { scanStep } from '../keyScan';
import { slotRefusalOf } from './clusterSlots';
import { describeDeadLetterFailure } from './deadLetterFailures';
import { replayOriginOf, toDeadLetter } from './deadLetterLayout';
import { LEDGER_TTL_SECONDS, ledgerKeyOf, readMoveReply, readReplayReply, withDeadLetterScripts, MAX_SCRIPT_FIELD_PAIRS } from './deadLetterScripts';

/** SCAN stops after this many keys and says the list may be incomplete. */
export const MAX_SCANNED_KEYS = 200_000;
const SCAN_COUNT = 1_000;
/** Dead-letter streams listed at most. */
export const MAX_DEAD_LETTER_STREAMS = 500;

type RawEntry = [Buffer, Buffer[]];

export async function listDeadLetterStreams(client: LabwireClient, templates: readonly string[], origin?: string): Promise<DeadLetterList> {
  const found: Array<{ key: string; origin: string }> = [];
  let scannedKeys = 0;
  let isScanComplete = true;
  if (origin !== undefined) {
    const keys = deadLetterKeysOf(origin, templates);
    const types = await Promise.all(keys.map((key) => client.type(key)));
    keys.forEach((key, index) => {
      if (types[index] === 'stream') found.push({ key, origin });
    });
    scannedKeys = keys.length;
  } else {
    let cursor = '0';
    do {
      const step = await scanStep(client, cursor, { match: '*', count: SCAN_COUNT, type: 'stream' });
      cursor = step.cursor;
      scannedKeys += step.keys.length;
      for (const key of step.keys.map((bytes) => bytes.toString('utf8'))) {
        const keyOrigin = deadLetterOrigin(key, templates);
        if (keyOrigin !== null && found.length < MAX_DEAD_LETTER_STREAMS) found.push({ key, origin: keyOrigin });
      }
      if (cursor !== '0' && (scannedKeys >= MAX_SCANNED_KEYS || found.length >= MAX_DEAD_LETTER_STREAMS)) isScanComplete = false;
    } while (cursor !== '0' && isScanComplete);
  }
  // Sent together but not as one pipeline: on a Cluster the keys live on different masters.
  const [lengths, present] = await Promise.all([
    Promise.all(found.map((stream) => client.xlen(stream.key).catch(() => 0))),
    Promise.all(found.map((stream) => client.exists(stream.origin).catch(() => 0))),
  ]);
  const streams: DeadLetterStream[] = found.map((stream, index) => ({
    ...stream,
    count: lengths[index] ?? 0,
    isOriginPresent: (present[index] ?? 0) > 0,
  }));
  streams.sort((left, right) => left.key.localeCompare(right.key));
  return { streams, scannedKeys, isScanComplete };
}

export async function readDeadLetterPage(client: LabwireClient, dlqKey: string, templates: readonly string[], beforeId: string | null, count: number): Promise<DeadLetterPage> {
  const end = beforeId === null ? '+' : `(${beforeId}`;
  const [raw, total] = await Promise.all([
    client.xrevrangeBuffer(dlqKey, end, '-', 'COUNT', count) as unknown as Promise<RawEntry[]>,
    client.xlen(dlqKey),
  ]);
  const originOfKey = deadLetterOrigin(dlqKey, templates);
  const entries = raw.map(([id, fields]) => toDeadLetter(id.toString('latin1'), fields, originOfKey));
  return { entries, total, nextBeforeId: raw.length === count ? (entries[entries.length - 1]?.id ?? null) : null };
}

/** The named dead letters' raw fields, null for those no longer there. */
export async function readEntries(client: LabwireClient, dlqKey: string, ids: readonly string[]): Promise<Array<Buffer[] | null>> {
  const pipeline = client.pipeline();
  for (const id of ids) pipeline.xrangeBuffer(dlqKey, id, id);
  const replies = (await pipeline.exec()) ?? [];
  return replies.map(([error, value]) => {
    const entries = error ? [] : (value as RawEntry[]);
    return entries[0]?.[1] ?? null;
  });
}

export interface ReplayItem {
  id: string;
  /** Raw fields, or null when the dead letter was not found when read. */
  raw: Buffer[] | null;
}

/** One replay script per item, in one pipeline. `originOfKey`: where entries without their own origin go. */
export async function replayEntries(client: LabwireClient, dlqKey: string, items: readonly ReplayItem[], originOfKey: string | null): Promise<ReplayOutcome[]> {
  const scripted = withDeadLetterScripts(client);
  const pipeline = scripted.pipeline() as ReturnType<LabwireClient['pipeline']> & { labwireDlqReplay(...args: string[]): unknown };
  const ledgerKey = ledgerKeyOf(dlqKey);
  const origins: Array<string | null> = [];
  const slotRefusals: Array<string | null> = [];
  for (const item of items) {
    const origin = item.raw ? replayOriginOf(item.raw, originOfKey) : originOfKey;
    origins.push(origin);
    // On a Cluster the script's keys must share a slot; one that cannot run is not sent (it would fail the whole pipeline).
    const slotRefusal = origin === null ? null : slotRefusalOf(client, origin, dlqKey);
    slotRefusals.push(slotRefusal);
    // A missing entry with no origin to name still asks the ledger: the script answers before it touches KEYS[3].
    if (slotRefusal === null && (origin !== null || item.raw === null)) {
      pipeline.labwireDlqReplay(dlqKey, ledgerKey, origin ?? dlqKey, item.id, String(LEDGER_TTL_SECONDS));
    }
  }
  const replies = (await pipeline.exec()) ?? [];
  let replyIndex = 0;
  return items.map((item, index): ReplayOutcome => {
    const origin = origins[index] ?? null;
    const slotRefusal = slotRefusals[index] ?? null;
    if (slotRefusal !== null) return { id: item.id, state: 'failed', message: `${slotRefusal} This dead letter was not replayed.` };
    if (origin === null && item.raw !== null) {
      return { id: item.id, state: 'failed', message: `Nothing says which stream this dead letter came from (no origin field, and ${dlqKey} follows no naming template), so it was not replayed.` };
    }
    const [error, value] = replies[replyIndex++] ?? [new Error('no reply'), null];
    if (error) return { id: item.id, state: 'failed', message: describeDeadLetterFailure(error, 'replay', dlqKey) };
    const reply = readReplayReply(value);
    switch (reply.state) {
      case 'replayed':
        return { id: item.id, state: 'replayed', newId: reply.newId, origin: origin ?? '' };
      case 'already':
        return { id: item.id, state: 'already', newId: reply.newId };
      case 'missing':
        return { id: item.id, state: 'missing' };
      case 'other-origin':
        return { id: item.id, state: 'failed', message: `This dead letter came from ${reply.origin}, not ${origin ?? ''}; it was not replayed.` };
      case 'too-many-fields':
        return { id: item.id, state: 'failed', message: tooManyFields(reply.pairs) };
    }
  });
}

export interface MoveItems {
  origin: string;
  group: string;
  dlqKey: string;
  ids: readonly string[];
  reason: string;
}

export async function moveEntries(client: LabwireClient, request: MoveItems, nowMs = Date.now()): Promise<MoveOutcome[]> {
  const pipeline = withDeadLetterScripts(client).pipeline() as ReturnType<LabwireClient['pipeline']> & { labwireDlqMove(...args: string[]): unknown };
  for (const id of request.ids) pipeline.labwireDlqMove(request.origin, request.dlqKey, request.group, id, request.reason, String(nowMs), '0');
  const replies = (await pipeline.exec()) ?? [];
  return request.ids.map((id, index): MoveOutcome => {
    const [error, value] = replies[index] ?? [new Error('no reply'), null];
    if (error) return { id, state: 'failed', message: describeDeadLetterFailure(error, 'move', request.origin) };
    const reply = readMoveReply(value);
    switch (reply.state) {
      case 'moved':
        return { id, state: 'moved', deadLetterId: reply.deadLetterId, deliveries: reply.deliveries };
      case 'not-pending':
        return { id, state: 'not-pending' };
      case 'gone':
        return { id, state: 'failed', message: `Entry ${id} was trimmed from ${request.origin} while still pending: its data is lost, so nothing was moved.` };
      case 'too-many-fields':
        return { id, state: 'failed', message: tooManyFields(reply.pairs) };
    }
  });
}

/** XDEL of each id; the count Redis deleted. */
export async function discardEntries(client: LabwireClient, dlqKey: string, ids: readonly string[]): Promise<number> {
  if (ids.length === 0) return 0;
  return client.xdel(dlqKey, ...ids);
}

function tooManyFields(pairs: number): string {
  return `This entry has ${pairs} fields; a move or replay handles at most ${MAX_SCRIPT_FIELD_PAIRS} (one atomic script), so it was left where it is.`;
}
