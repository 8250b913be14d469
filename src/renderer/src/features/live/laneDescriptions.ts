/** Lanes in the words the lanes bar shows. */
import { formatFilterPath, parseFeedFilter, type FeedFilter, type FilterOperator } from '../../../../shared/feedFilter';
import { toVisibleText } from '../../../../shared/displayText';
import { laneTargetName, unhandledTarget, type DecodedKind, type DecoderChoice, type Lane, type LaneTarget } from '../../../../shared/liveChannels';
import type { StatusTone } from '../connection/describeConnectionState';
import type { CatchUpProgress } from './feedStore';
import { formatCount } from '../../../../shared/countWords';

export const DECODER_LABELS: Readonly<Record<DecoderChoice, string>> = {
  auto: 'Auto-detect',
  json: 'JSON',
  msgpack: 'MessagePack',
  text: 'Text',
  binary: 'Binary (hex)',
};

export const KIND_LABELS: Readonly<Record<DecodedKind, string>> = {
  json: 'JSON',
  msgpack: 'MessagePack',
  text: 'text',
  binary: 'binary',
  error: 'error',
};

/** What the lane listens to, as typed (with invisible characters made visible). */
export function laneTargetText(target: LaneTarget): string {
  return toVisibleText(laneTargetName(target));
}

export function laneTargetKindText(target: LaneTarget): string {
  switch (target.kind) {
    case 'channel':
      return 'Exact channel';
    case 'pattern':
      return 'Pattern';
    case 'stream':
      return 'Stream (tail)';
    case 'shard':
      return 'Sharded channel (Cluster)';
    case 'bridge':
      return 'Device bridge';
    default:
      return unhandledTarget(target);
  }
}

export interface LaneStateSummary {
  label: string;
  tone: StatusTone;
  /** The server's own sentence when it refused. */
  detail?: string;
  /** What a resumed source says about the span it was away (a stream tail: missed entries or none). */
  note?: string;
}

export function summarizeLaneState(lane: Lane): LaneStateSummary {
  const subscription = lane.subscription;
  switch (subscription.state) {
    case 'subscribing':
      return { label: 'Subscribing…', tone: 'busy' };
    case 'active':
      return {
        ...(lane.isPaused ? { label: 'Paused', tone: 'warning' as const } : { label: 'Receiving', tone: 'good' as const }),
        ...(subscription.note === undefined ? {} : { note: subscription.note }),
      };
    case 'interrupted':
      return { label: 'Interrupted: waiting for the connection to return', tone: 'warning' };
    case 'refused':
      return { label: 'Refused by the server', tone: 'bad', detail: subscription.error.message };
  }
}

/** "1,234 of 10,000 held, 0 dropped". */
export function pauseBufferText(lane: Lane): string {
  const buffer = lane.pauseBuffer;
  return `${formatCount(buffer.heldMessages)} of ${formatCount(buffer.capacityMessages)} held, ${formatCount(buffer.dropped)} dropped`;
}

/** 0..1 of the pause buffer in use, by whichever limit (count or bytes) is closer. */
export function pauseBufferFill(lane: Lane): number {
  const buffer = lane.pauseBuffer;
  const byCount = buffer.capacityMessages > 0 ? buffer.heldMessages / buffer.capacityMessages : 0;
  const byBytes = buffer.capacityBytes > 0 ? buffer.heldBytes / buffer.capacityBytes : 0;
  return Math.min(1, Math.max(byCount, byBytes));
}

/**
 * "10 received · 6 filtered out · 4 in the feed": the last number is the
 * lane's rows in this window, the number the feed's lane selector shows, so
 * the lane and the feed never disagree once the history removed old rows.
 * 'loading' while the window fetches what the bus kept (seconds, after a reload);
 * with how far it is when a fresh window knows ("loading the feed: 42,000 of 100,000").
 */
export function laneCountersText(lane: Lane, rowsInFeed: number | 'loading' | CatchUpProgress): string {
  const { received, filteredOut } = lane.counters;
  const parts = [`${formatCount(received)} received`];
  if (filteredOut > 0 || lane.filter !== '') parts.push(`${formatCount(filteredOut)} filtered out`);
  if (rowsInFeed === 'loading') parts.push('loading the feed');
  else if (typeof rowsInFeed === 'number') parts.push(`${formatCount(rowsInFeed)} in the feed`);
  else parts.push(`loading the feed: ${formatCount(rowsInFeed.fetched)} of ${formatCount(rowsInFeed.expected)}`);
  return parts.join(' · ');
}

/**
 * What the filter did to the messages the lane already held: "Applied to the
 * 13,000 held messages: 412 matched, the rest were taken out of the feed."
 */
export function filterScanText(lane: Lane): string | null {
  const scan = lane.filterScan;
  if (scan === null) return null;
  const matched = `${formatCount(scan.matched)} matched`;
  switch (scan.state) {
    case 'searching':
      return `Applying the filter to the messages held before it: ${formatCount(scan.searched)} of ${formatCount(scan.toSearch)} searched, ${matched}.`;
    case 'stopped':
      return `Stopped: ${formatCount(scan.searched)} of the ${formatCount(scan.toSearch)} messages held before the filter searched (${matched}); older ones stay in the feed unfiltered.`;
    case 'done':
      if (scan.toSearch === 0) return null;
      return `Applied to the ${formatCount(scan.searched)} messages held before it: ${matched}, ${scan.searched === scan.matched ? 'none taken out' : `${formatCount(scan.searched - scan.matched)} taken out of the feed`}.`;
  }
}

/** A short name for the lane selector and the feed: "user:*:raw (pattern)". */
export function laneShortName(lane: Lane): string {
  const target = lane.target;
  switch (target.kind) {
    case 'channel':
      return laneTargetText(target);
    case 'pattern':
      return `${laneTargetText(target)} (pattern)`;
    case 'stream':
      return `${laneTargetText(target)} (stream)`;
    case 'shard':
      return `${laneTargetText(target)} (sharded)`;
    case 'bridge':
      // The bus adds the bridge's name once the lane is added; until then the id is all there is.
      return `Bridge ${target.bridgeName === undefined ? laneTargetText(target) : toVisibleText(target.bridgeName)}`;
    default:
      return unhandledTarget(target);
  }
}

export type FilterCheck =
  | { state: 'empty' }
  | { state: 'valid'; meaning: string }
  | { state: 'invalid'; problem: string };

/** Checks a filter line as it is typed, with the bus's own parser, and says what it will do. */
export function checkFilterLine(line: string): FilterCheck {
  const parsed = parseFeedFilter(line);
  if (!parsed.ok) return { state: 'invalid', problem: parsed.error.message };
  return describeFilter(parsed.value);
}

function describeFilter(filter: FeedFilter): FilterCheck {
  switch (filter.kind) {
    case 'none':
      return { state: 'empty' };
    case 'text':
      return { state: 'valid', meaning: `Shows messages containing "${toVisibleText(filter.needle)}" (any case), in the channel name or the payload.` };
    case 'compare': {
      const path = toVisibleText(formatFilterPath(filter.path));
      const value = filter.literal.number !== null || filter.literal.word !== null ? filter.literal.text : `"${toVisibleText(filter.literal.text)}"`;
      const missing = filter.operator === '!=' ? ' (messages without that field are shown too)' : '';
      return { state: 'valid', meaning: `Shows messages where ${path} ${OPERATOR_WORDS[filter.operator]} ${value}${missing}.` };
    }
  }
}

const OPERATOR_WORDS: Readonly<Record<FilterOperator, string>> = {
  '==': 'equals',
  '!=': 'is not',
  '>': 'is greater than',
  '>=': 'is at least',
  '<': 'is less than',
  '<=': 'is at most',
  contains: 'contains',
};
