/**
 * The streams of a profile, a page at a time: SCAN with TYPE stream and the
 * user's MATCH pattern (never KEYS), stopping at a bound of SCAN calls so a
 * keyspace of millions costs each request the same; then each stream's
 * facts from XINFO STREAM and MEMORY USAGE, sent together.
 */
import { deadLetterOrigin } from '../../../shared/deadLetterNames';
import { displayTextOfBytes } from '../../../shared/displayText';
import {
  MAX_KEYS_SCANNED_PER_PAGE,
  type StreamEnd,
  type StreamListPage,
  type StreamListRequest,
  type StreamSummary,
} from '../../../shared/features/streamsContract';
import { fail, ok, type Result } from '../../../shared/result';
import { streamIdTimeMs } from '../../../shared/streamEntries';
import { isUtf8 } from 'node:buffer';
import type { LabwireClient } from '../../connections/connectClient';
import { ClusterChangedError, scanStep, type ScanStep } from '../keyScan';
import { streamCommandFailure, type StreamCommandContext } from './streamCommandError';

/** Keys SCAN is asked to look at per call. */
const SCAN_COUNT = 1_000;
const MAX_SCAN_CALLS = Math.ceil(MAX_KEYS_SCANNED_PER_PAGE / SCAN_COUNT);
const MAX_KEY_CHARS = 300;

export async function listStreams(
  client: LabwireClient,
  request: StreamListRequest,
  templates: readonly string[],
  username: string,
): Promise<Result<StreamListPage>> {
  const pattern = request.pattern === '' ? '*' : request.pattern;
  let cursor = request.cursor === '' ? '0' : request.cursor;
  const keys: Buffer[] = [];
  let masters: ScanStep['masters'] = null;
  try {
    for (let call = 0; call < MAX_SCAN_CALLS && keys.length < request.count; call++) {
      const step = await scanStep(client, cursor, { match: pattern, count: SCAN_COUNT, type: 'stream' });
      cursor = step.cursor;
      masters = step.masters;
      keys.push(...step.keys);
      if (cursor === '0') break;
    }
  } catch (error) {
    if (error instanceof ClusterChangedError) return fail('INVALID', error.message, { field: 'cursor' });
    return streamCommandFailure(error, { command: 'SCAN', username });
  }
  const streams = await Promise.all(keys.map((key) => summarize(client, key, templates, { command: 'XINFO', username })));
  return ok({ streams, nextCursor: cursor, hasMore: cursor !== '0', ...(masters ? { masters } : {}) });
}

/** The facts of streams named by their exact bytes, in the order asked (the list and the opened stream read them again). */
export async function readStreamFacts(client: LabwireClient, keys: readonly Buffer[], templates: readonly string[], username: string): Promise<StreamSummary[]> {
  return Promise.all(keys.map((key) => summarize(client, key, templates, { command: 'XINFO', username })));
}

async function summarize(client: LabwireClient, key: Buffer, templates: readonly string[], context: StreamCommandContext): Promise<StreamSummary> {
  const openKey = isUtf8(key) ? key.toString('utf8') : null;
  const summary: StreamSummary = {
    key: displayTextOfBytes(key, MAX_KEY_CHARS),
    openKey,
    keyBase64: key.toString('base64'),
    length: 0,
    first: null,
    last: null,
    lastGeneratedId: '0-0',
    groups: 0,
    memoryBytes: null,
    retention: { entriesAdded: null, removed: null, maxDeletedId: null, recordedFirstId: null },
    deadLetterOf: openKey === null ? null : deadLetterOrigin(openKey, templates),
  };
  const [info, memory] = await Promise.allSettled([client.callBuffer('XINFO', 'STREAM', key), client.call('MEMORY', 'USAGE', key)]);
  if (memory.status === 'fulfilled' && typeof memory.value === 'number') summary.memoryBytes = memory.value;
  if (info.status === 'rejected') {
    if (info.reason instanceof Error && /no such key/i.test(info.reason.message)) {
      summary.problem = 'This stream no longer exists: it was deleted or expired since it was listed.';
      return summary;
    }
    const failure = streamCommandFailure(info.reason, { ...context, key: openKey ?? summary.key.text });
    if (!failure.ok) summary.problem = failure.error.message;
    return summary;
  }
  applyStreamInfo(summary, readPairs(info.value));
  return summary;
}

/** XINFO STREAM's flat [name, value, …] reply as a map by name. */
function readPairs(reply: unknown): Map<string, unknown> {
  const pairs = new Map<string, unknown>();
  if (!Array.isArray(reply)) return pairs;
  for (let index = 0; index + 1 < reply.length; index += 2) {
    const name: unknown = reply[index];
    if (Buffer.isBuffer(name)) pairs.set(name.toString('latin1'), reply[index + 1]);
  }
  return pairs;
}

function applyStreamInfo(summary: StreamSummary, info: Map<string, unknown>): void {
  summary.length = numberOf(info.get('length')) ?? 0;
  summary.groups = numberOf(info.get('groups')) ?? 0;
  summary.lastGeneratedId = idText(info.get('last-generated-id')) ?? '0-0';
  summary.first = endOf(info.get('first-entry'));
  summary.last = endOf(info.get('last-entry'));
  const entriesAdded = numberOf(info.get('entries-added'));
  summary.retention = {
    entriesAdded,
    removed: entriesAdded === null ? null : Math.max(0, entriesAdded - summary.length),
    maxDeletedId: idText(info.get('max-deleted-entry-id')),
    recordedFirstId: idText(info.get('recorded-first-entry-id')),
  };
}

function numberOf(value: unknown): number | null {
  if (typeof value === 'number') return value;
  if (Buffer.isBuffer(value)) {
    const parsed = Number(value.toString('latin1'));
    return Number.isFinite(parsed) ? parsed : null;
  }
  return null;
}

function idText(value: unknown): string | null {
  return Buffer.isBuffer(value) ? value.toString('latin1') : null;
}

function endOf(entry: unknown): StreamEnd | null {
  if (!Array.isArray(entry) || !Buffer.isBuffer(entry[0])) return null;
  const id = entry[0].toString('latin1');
  return { id, timeMs: streamIdTimeMs(id) };
}

