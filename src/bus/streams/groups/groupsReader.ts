/**
 * The read side of the groups feature: a stream's groups with consumers and
 * lag (XINFO STREAM/GROUPS/CONSUMERS), a page of the pending-entries list
 * (XPENDING extended form) with entry previews and a delivery-count
 * histogram, and the trim guard's check. Reads only.
 */
import type { LabwireClient } from '../../connections/connectClient';
import {
  HISTOGRAM_SAMPLE_LIMIT,
  MAX_CONSUMERS_LISTED,
  type ConsumerGroupInfo,
  type DeliveryBucket,
  type GroupConsumer,
  type GroupLag,
  type PendingPage,
  type PendingRow,
  type StreamGroups,
  type TrimCheck,
  type TrimLimit,
} from '../../../shared/features/streamGroupsContract';
import { fail, ok, type Result } from '../../../shared/result';
import { describeCapabilities, type StreamCapabilities } from '../streamCapabilities';
import { describeCommandError } from './groupCommandError';
import type { GroupsContext } from './groupsAccess';
import { decodeEntry, readRawEntry } from '../browse/entryDecoding';
import { idProblem } from './streamIds';
import { count, countOrNull, entryIdOf, flatToMap, pendingRows, text } from './xinfoReplies';

export const LAG_EXPLAINED =
  'Lag counts the entries added to the stream that this group has not yet been given to any consumer (entries after its last-delivered id). It does not count pending entries: those were delivered and wait for an acknowledgement.';

const UNKNOWN_LAG_REASON =
  'Redis cannot count it: entries were deleted or trimmed between this group’s last-delivered id and the end of the stream, so the number still to read is not known. It becomes known again once the group reads past them.';

/** Entries the trim check reads at most to find where a MAXLEN trim would cut, or to count a MINID trim. */
export const TRIM_SCAN_LIMIT = 20_000;
/** Pending entries counted per group behind the cut, at most. */
export const PENDING_CUT_LIMIT = 10_000;

export async function listGroups(context: GroupsContext, key: string, capabilities: StreamCapabilities): Promise<Result<StreamGroups>> {
  const { client, profile } = context;
  let streamInfo: Map<string, unknown>;
  let groupReplies: unknown;
  try {
    // One transaction: the stream's length and entries-added are of the same instant as each group's
    // entries-read and lag. Two reads a moment apart showed "Entries read" above the stream's "Entries".
    const [streamReply, groupsReply] = await readTogether(client, [
      ['XINFO', 'STREAM', key],
      ['XINFO', 'GROUPS', key],
    ]).catch(async (error: unknown) => {
      if (!(error instanceof Error && /NOPERM/i.test(error.message))) throw error;
      // An ACL user without MULTI: the groups first, so the stream's counts read after them are never behind them.
      const groupsFirst = await client.call('XINFO', 'GROUPS', key);
      return [await client.call('XINFO', 'STREAM', key), groupsFirst];
    });
    streamInfo = flatToMap(streamReply);
    groupReplies = groupsReply;
  } catch (error) {
    if (error instanceof Error && /no such key/i.test(error.message)) return fail('NOT_FOUND', `There is no stream ${key} (it may have been deleted).`);
    return describeCommandError(error, { command: 'XINFO', key, username: profile.username });
  }
  const groups: ConsumerGroupInfo[] = [];
  for (const reply of Array.isArray(groupReplies) ? groupReplies : []) {
    const group = flatToMap(reply);
    const name = text(group.get('name'));
    const consumers = await readConsumers(client, key, name);
    const lag = countOrNull(group.get('lag'));
    groups.push({
      name,
      consumers: consumers.slice(0, MAX_CONSUMERS_LISTED),
      consumerCount: consumers.length,
      pending: count(group.get('pending')),
      lastDeliveredId: text(group.get('last-delivered-id'), '0-0'),
      entriesRead: countOrNull(group.get('entries-read')),
      lag: lag === null ? { kind: 'unknown', reason: UNKNOWN_LAG_REASON } : { kind: 'known', entries: lag },
    });
  }
  return ok({
    key,
    length: count(streamInfo.get('length')),
    entriesAdded: count(streamInfo.get('entries-added')),
    maxDeletedEntryId: text(streamInfo.get('max-deleted-entry-id'), '0-0'),
    firstEntryId: entryIdOf(streamInfo.get('first-entry')),
    lastEntryId: entryIdOf(streamInfo.get('last-entry')),
    groups,
    lagExplained: LAG_EXPLAINED,
    server: { version: capabilities.version, offered: describeCapabilities(capabilities) },
  });
}

/**
 * Commands on one key in MULTI/EXEC, their replies in order; the first failure is thrown as the
 * command's own error (a refused command makes EXEC answer EXECABORT; ioredis keeps the cause).
 */
async function readTogether(client: LabwireClient, commands: readonly [string, ...string[]][]): Promise<unknown[]> {
  const transaction = client.multi();
  for (const [command, ...args] of commands) transaction.call(command, ...args);
  let replies: [Error | null, unknown][] | null;
  try {
    replies = await transaction.exec();
  } catch (error) {
    const cause = (error as { previousErrors?: unknown[] }).previousErrors?.[0];
    throw cause instanceof Error ? cause : error;
  }
  if (replies === null) throw new Error('The server discarded the read (EXEC answered nil).');
  return replies.map(([error, reply]) => {
    if (error) throw error;
    return reply;
  });
}

async function readConsumers(client: LabwireClient, key: string, group: string): Promise<GroupConsumer[]> {
  const reply = await client.call('XINFO', 'CONSUMERS', key, group);
  const consumers = (Array.isArray(reply) ? reply : []).map((item): GroupConsumer => {
    const consumer = flatToMap(item);
    // `inactive` arrived in Redis 7.2; 7.0 does not say.
    return { name: text(consumer.get('name')), pending: count(consumer.get('pending')), idleMs: count(consumer.get('idle')), inactiveMs: countOrNull(consumer.get('inactive')) };
  });
  return consumers.sort((a, b) => b.pending - a.pending || a.name.localeCompare(b.name));
}

export interface PendingQuery {
  key: string;
  group: string;
  consumer?: string | undefined;
  minIdleMs?: number | undefined;
  minDeliveries?: number | undefined;
  start?: string | undefined;
  end?: string | undefined;
  count: number;
}

export async function readPending(context: GroupsContext, query: PendingQuery): Promise<Result<PendingPage>> {
  const start = query.start ?? '-';
  const end = query.end ?? '+';
  const startProblem = start === '-' ? null : idProblem(start.startsWith('(') ? start.slice(1) : start, 'The start');
  const endProblem = end === '+' ? null : idProblem(end, 'The end');
  if (startProblem || endProblem) return fail('INVALID', (startProblem ?? endProblem)!, { field: startProblem ? 'start' : 'end' });
  const { client, profile } = context;
  const filter = (from: string, to: string, limit: number): (string | number)[] => [
    query.key,
    query.group,
    ...(query.minIdleMs ? ['IDLE', query.minIdleMs] : []),
    from,
    to,
    limit,
    ...(query.consumer ? [query.consumer] : []),
  ];
  try {
    const summary = (await client.call('XPENDING', query.key, query.group)) as unknown[];
    const page = pendingRows(await client.call('XPENDING', ...filter(start, end, query.count)));
    const sample = pendingRows(await client.call('XPENDING', ...filter('-', '+', HISTOGRAM_SAMPLE_LIMIT)));
    const wanted = page.filter((row) => row.deliveries >= (query.minDeliveries ?? 1));
    const previews = await readPreviews(client, query.key, wanted.map((row) => row.id));
    const rows: PendingRow[] = wanted.map((row, index) => ({ ...row, entry: previews[index] ?? null }));
    const last = page[page.length - 1];
    return ok({
      total: count(summary?.[0]),
      perConsumer: (Array.isArray(summary?.[3]) ? (summary[3] as unknown[][]) : []).map((pair) => ({ consumer: text(pair[0]), count: count(pair[1]) })),
      rows,
      scanned: page.length,
      nextStart: page.length === query.count && last ? `(${last.id}` : null,
      histogram: {
        buckets: deliveryHistogram(sample.filter((row) => row.deliveries >= (query.minDeliveries ?? 1)).map((row) => row.deliveries)),
        covered: sample.length,
        isComplete: sample.length < HISTOGRAM_SAMPLE_LIMIT,
      },
    });
  } catch (error) {
    return describeCommandError(error, { command: 'XPENDING', key: query.key, group: query.group, username: profile.username });
  }
}

async function readPreviews(client: LabwireClient, key: string, ids: readonly string[]): Promise<(PendingRow['entry'] | undefined)[]> {
  if (ids.length === 0) return [];
  const pipeline = client.pipeline();
  for (const id of ids) pipeline.xrangeBuffer(key, id, id);
  const replies = (await pipeline.exec()) ?? [];
  return replies.map(([error, reply]) => {
    if (error || !Array.isArray(reply) || reply.length === 0) return null;
    // Decoded exactly as the Entries tab decodes a page, so a pending row reads like an entry row.
    const raw = readRawEntry(reply[0]);
    return raw === null ? null : decodeEntry(raw);
  });
}

const BUCKETS: { label: string; max: number }[] = [
  { label: '1', max: 1 },
  { label: '2', max: 2 },
  { label: '3–5', max: 5 },
  { label: '6–10', max: 10 },
  { label: '11–100', max: 100 },
  { label: 'over 100', max: Number.POSITIVE_INFINITY },
];

export function deliveryHistogram(deliveries: readonly number[]): DeliveryBucket[] {
  const counts = BUCKETS.map(() => 0);
  for (const delivered of deliveries) {
    const index = BUCKETS.findIndex((bucket) => delivered <= bucket.max);
    counts[index === -1 ? BUCKETS.length - 1 : index]! += 1;
  }
  return BUCKETS.map((bucket, index) => ({ label: bucket.label, count: counts[index]! }));
}

export interface TrimPlan extends TrimCheck {
  /** The first id a trim keeps; null when nothing would go. */
  cutoffId: string | null;
}

export async function checkTrim(context: GroupsContext, key: string, limit: TrimLimit): Promise<Result<TrimPlan>> {
  const { client, profile } = context;
  if (limit.kind === 'minId') {
    const problem = idProblem(limit.minId, 'The minimum id');
    if (problem) return fail('INVALID', problem, { field: 'limit.minId' });
  }
  try {
    const length = await client.xlen(key);
    const cut = await findCut(client, key, length, limit);
    if (!cut.ok) return cut;
    const { wouldRemove, cutoffId } = cut.value;
    const groups = flatGroups(await client.call('XINFO', 'GROUPS', key));
    const pendingCut: TrimCheck['pendingCut'] = [];
    for (const group of groups) {
      const rows = wouldRemove === 0 ? [] : pendingRows(await client.call('XPENDING', key, group.name, '-', cutoffId ? `(${cutoffId}` : '+', PENDING_CUT_LIMIT));
      pendingCut.push({ group: group.name, count: rows.length, lag: group.lag });
    }
    const totalPendingCut = pendingCut.reduce((sum, group) => sum + group.count, 0);
    const warning =
      wouldRemove === 0
        ? `Nothing would be removed: ${key} has ${length} entries.`
        : totalPendingCut === 0
          ? `${wouldRemove} of ${length} entries would be removed; none of them is waiting for an acknowledgement.`
          : `${wouldRemove} of ${length} entries would be removed, and ${totalPendingCut} of them are still pending (delivered, not acknowledged): ${pendingCut
              .filter((group) => group.count > 0)
              .map((group) => `${group.count} in ${group.group}`)
              .join(', ')}. Their data would be lost; claiming them later reports them as deleted.`;
    return ok({ length, wouldRemove, pendingCut, totalPendingCut, warning, cutoffId });
  } catch (error) {
    return describeCommandError(error, { command: 'XINFO', key, username: profile.username });
  }
}

async function findCut(client: LabwireClient, key: string, length: number, limit: TrimLimit): Promise<Result<{ wouldRemove: number; cutoffId: string | null }>> {
  if (limit.kind === 'maxLen') {
    const wouldRemove = Math.max(0, length - limit.maxLen);
    if (wouldRemove === 0) return ok({ wouldRemove, cutoffId: null });
    if (limit.maxLen === 0) return ok({ wouldRemove, cutoffId: null });
    // The cut is found from the nearer end; each read is one XRANGE bounded by TRIM_SCAN_LIMIT.
    if (Math.min(wouldRemove, limit.maxLen) > TRIM_SCAN_LIMIT) {
      return fail('INVALID', `This trim would cut far into a long stream (${wouldRemove} of ${length} entries): Labwire checks pending entries only for trims that keep or remove at most ${TRIM_SCAN_LIMIT} entries. Trim by minimum id instead.`);
    }
    const ids =
      wouldRemove <= limit.maxLen
        ? (await client.xrange(key, '-', '+', 'COUNT', wouldRemove + 1)).map(([id]) => id)
        : (await client.xrevrange(key, '+', '-', 'COUNT', limit.maxLen)).map(([id]) => id).reverse();
    const cutoffId = wouldRemove <= limit.maxLen ? ids[wouldRemove] : ids[0];
    return ok({ wouldRemove, cutoffId: cutoffId ?? null });
  }
  const below = await client.xrange(key, '-', `(${limit.minId}`, 'COUNT', TRIM_SCAN_LIMIT + 1);
  if (below.length > TRIM_SCAN_LIMIT) {
    return fail('INVALID', `More than ${TRIM_SCAN_LIMIT} entries are older than ${limit.minId}: Labwire checks pending entries only for smaller trims. Pick a lower minimum id and trim in steps.`);
  }
  return ok({ wouldRemove: below.length, cutoffId: limit.minId });
}

function flatGroups(reply: unknown): { name: string; lag: GroupLag }[] {
  return (Array.isArray(reply) ? reply : []).map((item) => {
    const group = flatToMap(item);
    const lag = countOrNull(group.get('lag'));
    return { name: text(group.get('name')), lag: lag === null ? { kind: 'unknown', reason: UNKNOWN_LAG_REASON } : { kind: 'known', entries: lag } };
  });
}
