/**
 * Live channels: lanes (subscriptions the user adds), the feed of received
 * messages, per-channel statistics, and what a feed frame carries.
 */
import type { BusError } from './result';

/** Bytes that may not be text (channel names, payload previews), made safe to show. */
export interface DisplayText {
  /**
   * What to show: control characters, bidi overrides and invalid UTF-8 bytes
   * as visible escapes (\n, \u202E, \xFF); cut at a display cap.
   */
  text: string;
  /** Byte length of the original. */
  byteLength: number;
  isTruncated: boolean;
}

/**
 * What a lane or a plot listens to: one union that grows with the bus's
 * message sources (src/bus/sources). Now the Redis pub/sub kinds: SUBSCRIBE
 * takes a channel name literally (a `*` in it is just a character);
 * PSUBSCRIBE takes a glob. `stream` follows a Redis stream's new entries
 * (XREAD BLOCK on its key). `shard` is a Cluster's sharded channel
 * (SSUBSCRIBE on the slot's owner). Room is left for `bridge` (a serial or UDP device bridge) and `recording`
 * (playback of a recorded session), each added here with its own fields. The switches below and in the bus's sourceRouter.ts
 * are exhaustive, so a new kind fails the compiler where it must be handled.
 */
export type LaneTarget =
  | { kind: 'channel'; name: string }
  | { kind: 'pattern'; pattern: string }
  | { kind: 'stream'; key: string }
  /** A sharded channel of a Redis Cluster (SSUBSCRIBE on the owner of the channel's slot); refused on other profiles. */
  | { kind: 'shard'; channel: string }
  /** A device bridge of the profile (src/bus/bridges): its records as they would be published, whether or not Redis is there. */
  | {
      kind: 'bridge';
      bridgeId: string;
      /** The bridge's name, put here by the bus when the lane is added (a request sends only the id); the lane's title, not part of its identity. */
      bridgeName?: string;
    };
export type LaneTargetKind = LaneTarget['kind'];

/** The name the user typed for the target: a channel name or a pattern. */
export function laneTargetName(target: LaneTarget): string {
  switch (target.kind) {
    case 'channel':
      return target.name;
    case 'pattern':
      return target.pattern;
    case 'stream':
      return target.key;
    case 'shard':
      return target.channel;
    case 'bridge':
      return target.bridgeId;
    default:
      return unhandledTarget(target);
  }
}

export function isSameLaneTarget(left: LaneTarget, right: LaneTarget): boolean {
  return left.kind === right.kind && laneTargetName(left) === laneTargetName(right);
}

/** Reached only if a target kind is added to LaneTarget without a case: the compiler reports the call first. */
export function unhandledTarget(target: never): never {
  throw new Error(`Labwire has no handling for the target ${JSON.stringify(target)}.`);
}

export type DecoderChoice = 'auto' | 'json' | 'msgpack' | 'text' | 'binary';
export const DECODER_CHOICES: readonly DecoderChoice[] = ['auto', 'json', 'msgpack', 'text', 'binary'];

export type LaneSubscription =
  | { state: 'subscribing'; since: number }
  /**
   * `note`: what a source that can resume says about the span it was away,
   * e.g. a stream tail's "Resumed from 1700000000000-3, nothing missed." or
   * how many entries a trim took before they could be read.
   */
  | { state: 'active'; since: number; note?: string }
  /** The connection dropped; the lane is resubscribed when it is back. */
  | { state: 'interrupted'; since: number }
  /** The server refused (NOPERM, ACL revoked): the lane receives nothing until the user retries. */
  | { state: 'refused'; since: number; error: BusError };

export interface PauseBufferState {
  heldMessages: number;
  heldBytes: number;
  capacityMessages: number;
  capacityBytes: number;
  /** Messages dropped because the pause buffer was full. */
  dropped: number;
}

export interface Lane {
  id: string;
  profileId: string;
  target: LaneTarget;
  decoder: DecoderChoice;
  /** '' for none; see feedFilter.ts for the syntax. */
  filter: string;
  subscription: LaneSubscription;
  isPaused: boolean;
  pauseBuffer: PauseBufferState;
  /**
   * Messages matched by the subscription, messages shown (after the filter),
   * filtered out (on arrival, or later by a new filter over what was held).
   */
  counters: { received: number; shown: number; filteredOut: number };
  /** The current filter applied to the messages the history held when it was set; null without a filter. */
  filterScan: LaneFilterScan | null;
  /** The field the lane reads sequence numbers from; absent: the first of DEFAULT_SEQUENCE_FIELDS found on each channel; '' = not checked. */
  sequenceField?: string;
  /** Sequence checks of the lane's messages, per channel, summed; absent until a message carried a number. */
  sequence?: LaneSequence;
}

/** Where a lane looks for a sequence number when none is set, in this order; the first found on a channel sticks. */
export const DEFAULT_SEQUENCE_FIELDS: readonly string[] = ['seq', 'sequence', 'data.seq', 'data.sequence', 'payload.seq'];
/** Channels a lane checks sequence numbers on; messages of further channels are not checked (counted in channelsUntracked). */
export const MAX_SEQUENCE_CHANNELS = 1_000;

/**
 * What a lane's sequence numbers say, counted per channel (a pattern lane
 * holds many) since the lane was added or its sequence field changed.
 */
export interface LaneSequence {
  /** The field the numbers were read from ("seq"); several, comma-separated, when the channels differ. */
  field: string;
  /** Messages whose number was read. */
  checked: number;
  /** Numbers skipped and never received (a late arrival is taken off again). */
  missing: number;
  /** Messages that arrived after a higher number had (late). */
  outOfOrder: number;
  /** Messages with a number already received. */
  duplicates: number;
  /** A producer started counting again (back to its start, or a leap no loss explains): not counted as missing. */
  restarts: number;
  /** Channels past MAX_SEQUENCE_CHANNELS whose messages were not checked (counted up to 10,000). */
  channelsUntracked: number;
}

/**
 * A new filter runs over the lane's held messages, newest first, a chunk at
 * a time; those it does not match leave the lane (`FeedFrame.removedFromLanes`).
 * `toSearch` is how many the lane held when the filter was set.
 */
export type LaneFilterScan =
  | { state: 'searching'; searched: number; matched: number; toSearch: number }
  | { state: 'done'; searched: number; matched: number; toSearch: number }
  /** The user stopped it: older messages not searched stay in the lane. */
  | { state: 'stopped'; searched: number; matched: number; toSearch: number };

export type DecodedKind = 'json' | 'msgpack' | 'text' | 'binary' | 'error';

/** A message as the feed shows it; the full payload is fetched with 'feed:message'. */
export interface FeedMessage {
  /** Per profile, increasing in receive order. */
  seq: number;
  /** The lanes whose subscription matched and whose filter passed; a message shows once per lane. */
  laneIds: string[];
  channel: DisplayText;
  /** Epoch ms when the bus received it. */
  receivedAt: number;
  sizeBytes: number;
  kind: DecodedKind;
  /** Why decoding failed (kind 'error'), in plain words. */
  decodeError?: string;
  /** One line, capped (MAX_PREVIEW_CHARS): compact JSON, visible text, or hex. */
  preview: string;
  /** From a recognised envelope (LAB_TRAFFIC): message type, source, publish time (epoch ms). */
  envelope?: { type?: string; source?: string; publishedAt?: number };
  /** receivedAt − publishedAt, when a publish time exists. */
  latencyMs?: number;
}

/**
 * A FeedMessage's envelope with only the parts present, made in one literal;
 * undefined when no part is.
 * Motivation: an empty literal grown by two or three properties allocated its
 * property store again as it grew, for every enveloped message on the bus and
 * again on the host's frame decode (bench/feedPathGarbage.ts; bench/README.md,
 * "Session 11 (tailgc)").
 */
export function feedEnvelopeOf(type: string | undefined, source: string | undefined, publishedAt: number | undefined): FeedMessage['envelope'] {
  if (publishedAt === undefined) {
    if (type === undefined) return source === undefined ? undefined : { source };
    return source === undefined ? { type } : { type, source };
  }
  if (type === undefined) return source === undefined ? { publishedAt } : { source, publishedAt };
  return source === undefined ? { type, publishedAt } : { type, source, publishedAt };
}

/** A span when nothing could be received (server disconnect), shown in the feed. */
export interface FeedGap {
  id: string;
  /** Epoch ms. */
  from: number;
  /** Epoch ms, null while the gap is still open. */
  to: number | null;
  reason: string;
  /** The feed seq after which the gap happened. */
  afterSeq: number;
  /** Numbers missing across the gap, by the sequence numbers of the first messages after it, summed over channels; absent when unknown. */
  lostBySequence?: number;
}

export type DropReason = 'pause-buffer-full' | 'byte-budget' | 'disconnect' | 'frame-cap' | 'browser-backlog';

export interface ChannelStats {
  /** Stable key of the channel's bytes (hex of a hash or the name), for React keys. */
  key: string;
  channel: DisplayText;
  /** Over the last few seconds. */
  messagesPerSecond: number;
  bytesPerSecond: number;
  total: number;
  dropped: Partial<Record<DropReason, number>>;
  /** Epoch ms. */
  lastSeenAt: number;
}

/** Everything new for one profile's feed since the previous frame. */
export interface FeedFrame {
  kind: 'feed';
  profileId: string;
  /** Increasing per profile. */
  seq: number;
  /** Epoch ms when the frame was cut. */
  at: number;
  /** Oldest first; at most MAX_MESSAGES_PER_FRAME; the rest counted as dropped 'frame-cap' (still in the bus history). */
  messages: FeedMessage[];
  /** New or changed gaps. */
  gaps: FeedGap[];
  /** Lanes whose state or counters changed. */
  lanes: Lane[];
  /** Channels seen, busiest first, capped. */
  channels: ChannelStats[];
  /** The bus history: what it holds and what it evicted. */
  history: FeedHistoryState;
  dropped: Partial<Record<DropReason, number>>;
  /** Messages taken out of a lane since the previous frame because its new filter did not match them. */
  removedFromLanes: { laneId: string; seqs: number[] }[];
}

export interface FeedHistoryState {
  heldMessages: number;
  heldBytes: number;
  capacityMessages: number;
  capacityBytes: number;
  /** Messages removed to make room, since the feed began. */
  evicted: number;
  /** The seq of the oldest message held (the next seq when none is): older ones can no longer be opened. */
  oldestSeq: number;
}

/** The feed as of one moment, for a window that was not following its frames. */
export interface FeedSnapshot {
  /** Newest first. */
  messages: FeedMessage[];
  channels: ChannelStats[];
  history: FeedHistoryState;
  dropped: Partial<Record<DropReason, number>>;
}

/** The full message on demand. */
export interface FeedMessageDetail {
  message: FeedMessage;
  /** The exact payload bytes, base64 (up to MAX_DETAIL_PAYLOAD_BYTES; `isPayloadTruncated` otherwise). */
  payloadBase64: string;
  isPayloadTruncated: boolean;
  /** The full channel name bytes, base64. */
  channelBase64: string;
  /** The stream entry's id, for a message a stream tail delivered (its `channel` is the stream's key). */
  streamEntryId?: string;
  /** The decoded value made JSON-safe (binary as {"$binary": hex}, big integers as strings), capped in depth and size. */
  tree?: unknown;
  /** Hex dump lines "00000000  7b 22 ...  |{"...|", capped. */
  hexDump: string[];
}

export interface DiscoveredChannel {
  name: DisplayText;
  /** Exact text to subscribe with (only for names that are valid UTF-8). */
  subscribeName: string | null;
  /** Classic channels: SUBSCRIBE count (NUMSUB; on a Cluster summed over its nodes). Sharded: SHARDNUMSUB on the slot's owner. */
  subscribers: number;
  /** A Cluster's sharded channel (PUBSUB SHARDCHANNELS): listened to with a sharded lane. */
  isSharded?: boolean;
}

/**
 * A feed row shows its preview on one line, and the row's tooltip repeats
 * it; the whole payload is fetched on demand. In a 1600 px window the feed
 * panel showed about 75 characters; a full-width row at 1920 px would show
 * about 230 (estimated at 8 px a character).
 * Motivation: the preview of a 64-channel EEG frame is mostly numbers,
 * each one written out. One quick EEG ingest run each (npm run bench --
 * --quick --only=ingest): 0.63 with 400 characters, 0.69 with 256, 0.82
 * with 200.
 */
export const MAX_PREVIEW_CHARS = 256;
export const MAX_MESSAGES_PER_FRAME = 10_000;
export const MAX_DETAIL_PAYLOAD_BYTES = 64 * 1024 * 1024;
