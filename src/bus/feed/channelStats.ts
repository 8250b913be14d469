/**
 * Per-channel statistics of one profile's feed: rates over a sliding window,
 * totals, drops by reason, last seen. The number of channels is capped; the
 * least recently seen channel is forgotten first (a Map keeps insertion
 * order, and a channel is moved to the end when it is seen).
 */
import { createHash } from 'node:crypto';
import { displayTextOfBytes } from '../../shared/displayText';
import type { ChannelStats, DisplayText, DropReason } from '../../shared/liveChannels';
import { isSameBytes } from '../decode/sameBytes';

/** Channel names are shown at most this long; the detail carries the full bytes. */
export const MAX_CHANNEL_DISPLAY_CHARS = 200;
const BUCKET_MS = 1_000;
/** The rate window: the current second and the four before it. */
const WINDOW_BUCKETS = 5;

export interface ChannelRecord {
  /** The channel bytes as latin1, the map key. */
  readonly mapKey: string;
  readonly bytes: Buffer;
  readonly display: DisplayText;
  readonly statsKey: string;
  total: number;
  dropped: Partial<Record<DropReason, number>>;
  firstSeenAt: number;
  lastSeenAt: number;
  /** Per bucket: which second it counts (epoch ms / BUCKET_MS), messages, bytes. */
  readonly bucketSecond: Float64Array;
  readonly bucketMessages: Float64Array;
  readonly bucketBytes: Float64Array;
}

export class ChannelStatsTracker {
  private readonly records = new Map<string, ChannelRecord>();
  private newest: ChannelRecord | null = null;
  private hasChanged = false;

  constructor(private readonly maxChannels: number) {}

  /** Counts one message and returns the channel's record (the same object for the same bytes while tracked). */
  record(channel: Buffer, sizeBytes: number, now: number): ChannelRecord {
    const record = this.recordOf(channel, now);
    record.total++;
    record.lastSeenAt = now;
    const second = Math.floor(now / BUCKET_MS);
    const slot = second % WINDOW_BUCKETS;
    if (record.bucketSecond[slot] !== second) {
      record.bucketSecond[slot] = second;
      record.bucketMessages[slot] = 0;
      record.bucketBytes[slot] = 0;
    }
    record.bucketMessages[slot]! += 1;
    record.bucketBytes[slot]! += sizeBytes;
    this.hasChanged = true;
    return record;
  }

  countDrop(record: ChannelRecord, reason: DropReason, count = 1): void {
    record.dropped[reason] = (record.dropped[reason] ?? 0) + count;
    this.hasChanged = true;
  }

  /** True when counts changed since the last snapshot, or rates may still be falling. */
  isDue(lastSnapshot: readonly ChannelStats[]): boolean {
    return this.hasChanged || lastSnapshot.some((stats) => stats.messagesPerSecond > 0);
  }

  /** Busiest first (messages per second, then most recently seen), at most `limit`. */
  snapshot(now: number, limit: number): ChannelStats[] {
    this.hasChanged = false;
    return this.view(now, limit);
  }

  /** The same as snapshot, for a request: frames still carry what changed since their last snapshot. */
  view(now: number, limit: number): ChannelStats[] {
    const all: ChannelStats[] = [];
    for (const record of this.records.values()) all.push(statsOf(record, now));
    all.sort((a, b) => b.messagesPerSecond - a.messagesPerSecond || b.lastSeenAt - a.lastSeenAt);
    return all.length > limit ? all.slice(0, limit) : all;
  }

  clear(): void {
    this.records.clear();
    this.newest = null;
    this.hasChanged = true;
  }

  private recordOf(channel: Buffer, now: number): ChannelRecord {
    // Most messages come from the channel of the previous one: a byte compare saves building the key.
    const newest = this.newest;
    if (newest && isSameBytes(newest.bytes, channel)) return newest;
    const mapKey = channel.toString('latin1');
    let record = this.records.get(mapKey);
    if (record) this.records.delete(mapKey);
    else {
      record = createRecord(mapKey, channel, now);
      if (this.records.size >= this.maxChannels) {
        const leastRecent = this.records.keys().next();
        if (!leastRecent.done) this.records.delete(leastRecent.value);
      }
    }
    this.records.set(mapKey, record);
    this.newest = record;
    return record;
  }
}

function createRecord(mapKey: string, channel: Buffer, now: number): ChannelRecord {
  const bytes = Buffer.from(channel);
  return {
    mapKey,
    bytes,
    display: displayTextOfBytes(bytes, MAX_CHANNEL_DISPLAY_CHARS),
    statsKey: createHash('sha1').update(bytes).digest('hex').slice(0, 20),
    total: 0,
    dropped: {},
    firstSeenAt: now,
    lastSeenAt: now,
    bucketSecond: new Float64Array(WINDOW_BUCKETS).fill(-1),
    bucketMessages: new Float64Array(WINDOW_BUCKETS),
    bucketBytes: new Float64Array(WINDOW_BUCKETS),
  };
}

function statsOf(record: ChannelRecord, now: number): ChannelStats {
  const second = Math.floor(now / BUCKET_MS);
  let messages = 0;
  let bytes = 0;
  for (let slot = 0; slot < WINDOW_BUCKETS; slot++) {
    if (second - record.bucketSecond[slot]! < WINDOW_BUCKETS) {
      messages += record.bucketMessages[slot]!;
      bytes += record.bucketBytes[slot]!;
    }
  }
  // The window covers the elapsed part of this second plus the four before it, or less for a channel just seen.
  const windowStart = Math.max((second - WINDOW_BUCKETS + 1) * BUCKET_MS, record.firstSeenAt);
  const seconds = Math.max(1, (now - windowStart) / 1000);
  return {
    key: record.statsKey,
    channel: record.display,
    messagesPerSecond: round(messages / seconds),
    bytesPerSecond: round(bytes / seconds),
    total: record.total,
    dropped: { ...record.dropped },
    lastSeenAt: record.lastSeenAt,
  };
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
