/**
 * Finds the channels an EEG view can show in the traffic itself, whoever
 * else listens. PUBSUB CHANNELS lists only channels with a subscriber, so a
 * stream nobody consumes yet was never offered; the finder listens to every
 * channel instead (PSUBSCRIBE *, shared with a "listen to all" lane by the
 * source) and, when the server refuses that (an ACL), to the EEG role's
 * channels alone (user:*:raw).
 *
 * A channel is offered when its name has the EEG role, or when its messages
 * look like multichannel samples: an object with at least
 * MIN_SAMPLE_CHANNELS numbers (channels.Ch0 ...) arriving at least
 * MIN_SAMPLE_RATE_HZ times a second (so a device's four telemetry fields at
 * 1 Hz are not an EEG).
 *
 * Per message the finder only looks the channel up (no key made while the
 * channel repeats) and counts it; one message per channel every
 * SAMPLE_INTERVAL_MS is decoded and classified. At most
 * MAX_TRACKED_CHANNELS channels are tracked; the least recently seen go
 * first and are counted.
 */
import { isUtf8 } from 'node:buffer';
import type { LaneTarget } from '../../shared/liveChannels';
import type { OfferedStream, OfferedStreams, StreamFinderScope } from '../../shared/plots';
import type { PlotSubscription, PlotMessageSource, SourceMessage } from './plotSource';
import { decodePlotPayload } from './plotStream';

export const EEG_ROLE_PATTERN = 'user:*:raw';
const EEG_ROLE_NAME = /^user:[^:]+:raw$/;
const EEG_FIELD_PATH = 'channels.*';
export const MAX_TRACKED_CHANNELS = 512;
export const MIN_SAMPLE_CHANNELS = 4;
export const MIN_SAMPLE_RATE_HZ = 8;
const SAMPLE_INTERVAL_MS = 500;
const RATE_BUCKET_MS = 1000;
/** Containers looked into for samples: the root and its children, and theirs (channels.*, data.channels.*). */
const MAX_SHAPE_DEPTH = 2;
/** Keys looked at per container: a huge object is not walked whole. */
const MAX_KEYS_PER_CONTAINER = 256;

interface TrackedChannel {
  name: string;
  /** Where the samples are, once a message showed numbers enough; null otherwise. */
  samplePath: string | null;
  lastSeenAt: number;
  lastSampledAt: number;
  bucketStartMs: number;
  bucketCount: number;
  /** Messages in the last full bucket. */
  lastRate: number;
}

export class StreamFinder {
  /** performance.now() time until which the finder keeps listening (asks extend it). */
  listenUntilMs = Number.NEGATIVE_INFINITY;
  private readonly channels = new Map<string, TrackedChannel>();
  private forgotten = 0;
  private readonly everything: PlotSubscription;
  private eegOnly: PlotSubscription | null = null;
  private lastChannel: { bytes: Buffer; tracked: TrackedChannel } | null = null;

  constructor(
    readonly profileId: string,
    private readonly source: PlotMessageSource,
  ) {
    this.everything = this.listen({ kind: 'pattern', pattern: '*' });
  }

  /** What was found so far, EEG role first, then by name. */
  offers(nowMs: number = Date.now()): OfferedStreams {
    const streams: OfferedStream[] = [];
    for (const tracked of this.channels.values()) {
      const messagesPerSecond = nowMs - tracked.bucketStartMs >= 2 * RATE_BUCKET_MS ? 0 : tracked.lastRate;
      const isNamed = EEG_ROLE_NAME.test(tracked.name);
      if (isNamed) {
        streams.push({ channel: tracked.name, fieldPath: tracked.samplePath ?? EEG_FIELD_PATH, reason: 'name', messagesPerSecond, lastSeenAt: tracked.lastSeenAt });
      } else if (tracked.samplePath !== null && tracked.lastRate >= MIN_SAMPLE_RATE_HZ) {
        streams.push({ channel: tracked.name, fieldPath: tracked.samplePath, reason: 'shape', messagesPerSecond, lastSeenAt: tracked.lastSeenAt });
      }
    }
    streams.sort((a, b) => (a.reason === b.reason ? a.channel.localeCompare(b.channel, 'en', { numeric: true }) : a.reason === 'name' ? -1 : 1));
    return { streams, scope: this.scope(), forgottenChannels: this.forgotten };
  }

  /** Called on each ask: when the server refused `*`, listen to the EEG role's channels instead. */
  adaptToRefusals(): void {
    if (this.everything.state().state === 'refused' && this.eegOnly === null) {
      this.eegOnly = this.listen({ kind: 'pattern', pattern: EEG_ROLE_PATTERN });
    }
  }

  close(): void {
    void this.everything.unsubscribe();
    void this.eegOnly?.unsubscribe();
    this.eegOnly = null;
  }

  /** Exposed for tests: what one message does. */
  receive(message: SourceMessage): void {
    let tracked: TrackedChannel | undefined;
    // Streams come in runs of one channel: the same bytes as last time skip making a key.
    if (this.lastChannel !== null && this.lastChannel.bytes.equals(message.channel)) {
      tracked = this.lastChannel.tracked;
    } else {
      const key = message.channel.toString('latin1');
      tracked = this.channels.get(key);
      if (tracked === undefined) {
        // Names that are not text cannot be typed into a plot spec: not offered, not tracked.
        if (!isUtf8(message.channel)) return;
        tracked = { name: message.channel.toString('utf8'), samplePath: null, lastSeenAt: 0, lastSampledAt: Number.NEGATIVE_INFINITY, bucketStartMs: message.receivedAt, bucketCount: 0, lastRate: 0 };
        this.track(key, tracked);
      }
      this.lastChannel = { bytes: message.channel, tracked };
    }
    tracked.lastSeenAt = message.receivedAt;
    if (message.receivedAt - tracked.bucketStartMs >= RATE_BUCKET_MS) {
      const isNextBucket = message.receivedAt - tracked.bucketStartMs < 2 * RATE_BUCKET_MS;
      tracked.lastRate = isNextBucket ? tracked.bucketCount : 0;
      tracked.bucketStartMs = message.receivedAt;
      tracked.bucketCount = 0;
    }
    tracked.bucketCount++;
    if (message.receivedAt - tracked.lastSampledAt < SAMPLE_INTERVAL_MS) return;
    tracked.lastSampledAt = message.receivedAt;
    const payload = decodePlotPayload(message.payload);
    tracked.samplePath = payload.kind === 'json' || payload.kind === 'msgpack' ? samplePathOf(payload.value, '', 0) : null;
  }

  private listen(target: LaneTarget): PlotSubscription {
    return this.source.subscribe(this.profileId, target, (message) => {
      try {
        this.receive(message);
      } catch {
        // A message the finder cannot read is simply not a sample stream.
      }
    });
  }

  /** Beyond the cap the least recently seen channel goes: a scan, but only when a new channel arrives then. */
  private track(key: string, tracked: TrackedChannel): void {
    this.channels.set(key, tracked);
    if (this.channels.size <= MAX_TRACKED_CHANNELS) return;
    let oldestKey: string | null = null;
    let oldestSeenAt = Number.POSITIVE_INFINITY;
    for (const [candidateKey, candidate] of this.channels) {
      if (candidate !== tracked && candidate.lastSeenAt < oldestSeenAt) {
        oldestSeenAt = candidate.lastSeenAt;
        oldestKey = candidateKey;
      }
    }
    if (oldestKey !== null) this.channels.delete(oldestKey);
    this.forgotten++;
  }

  private scope(): StreamFinderScope {
    if (this.everything.state().state !== 'refused') return 'all-channels';
    return this.eegOnly !== null && this.eegOnly.state().state !== 'refused' ? 'eeg-channels' : 'none';
  }
}

/** The field path of the first object holding at least MIN_SAMPLE_CHANNELS numbers ("channels.*", "*"), or null. */
export function samplePathOf(value: unknown, prefix: string, depth: number): string | null {
  if (value === null || typeof value !== 'object' || Array.isArray(value) || ArrayBuffer.isView(value) || value instanceof Map || value instanceof Date) return null;
  const fields = value as Record<string, unknown>;
  let numbers = 0;
  let looked = 0;
  const children: [string, unknown][] = [];
  for (const key in fields) {
    if (!Object.hasOwn(fields, key) || ++looked > MAX_KEYS_PER_CONTAINER) break;
    const child = fields[key];
    if (typeof child === 'number') numbers++;
    else if (child !== null && typeof child === 'object' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) children.push([key, child]);
  }
  if (numbers >= MIN_SAMPLE_CHANNELS) return prefix === '' ? '*' : `${prefix}.*`;
  if (depth >= MAX_SHAPE_DEPTH) return null;
  for (const [key, child] of children) {
    const found = samplePathOf(child, prefix === '' ? key : `${prefix}.${key}`, depth + 1);
    if (found !== null) return found;
  }
  return null;
}
