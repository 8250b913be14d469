/**
 * One source subscription per profile and channel for all the plots on it:
 * each message is decoded once and handed to every stream of the channel
 * (an EEG view and its spectrum, four device charts on devices:telemetry),
 * and sampled into the channel's path catalog.
 *
 * The feed also keeps its last messages (RECENT_MESSAGES, RECENT_BYTES)
 * and hands them to a stream that joins later: a chart offered because a
 * device reported once would otherwise wait for its next report (a minute,
 * an hour) with "0 samples" while the sample that made it appear exists.
 */
import type { LaneSubscription, LaneTarget } from '../../shared/liveChannels';
import { PathCatalog } from './pathCatalog';
import type { PlotSubscription, PlotMessageSource, SourceMessage } from './plotSource';
import { decodePlotPayload, type PlotStream } from './plotStream';
import { readNumericFields } from './streamFields';

/** About a second of a 64-channel 1 kHz EEG, and every report of a dozen slow devices for a while. */
export const RECENT_MESSAGES = 1024;
export const RECENT_BYTES = 1024 * 1024;

interface RecentMessage {
  payload: Buffer;
  receivedAt: number;
}

export class ChannelFeed {
  readonly streams = new Set<PlotStream>();
  readonly catalog = new PathCatalog();
  /** performance.now() time until which the feed stays open for path autocomplete alone. */
  probeUntilMs = Number.NEGATIVE_INFINITY;
  /** Exceptions caught in message handling: a bug, counted instead of breaking the source's delivery. */
  failures = 0;
  private readonly subscription: PlotSubscription;
  /** Oldest first; `recentStart` skips the ones dropped (compacted when half the array is dropped). */
  private recent: RecentMessage[] = [];
  private recentStart = 0;
  private recentBytes = 0;
  /** A stream's field values are text in Redis: numeric text is read as a number (streamFields.ts). */
  private readonly readsFieldText: boolean;

  constructor(
    readonly profileId: string,
    readonly target: LaneTarget,
    source: PlotMessageSource,
  ) {
    this.subscription = source.subscribe(profileId, target, (message) => this.receive(message));
    this.readsFieldText = target.kind === 'stream';
  }

  subscriptionState(): LaneSubscription {
    return this.subscription.state();
  }

  whenSettled(): Promise<LaneSubscription> {
    return this.subscription.whenSettled();
  }

  /** Adds a stream and gives it the recent messages first, oldest first. */
  addStream(stream: PlotStream): void {
    for (let index = this.recentStart; index < this.recent.length; index++) {
      const held = this.recent[index]!;
      stream.ingestDecoded(this.decode(held.payload), held.receivedAt);
    }
    this.streams.add(stream);
  }

  isIdle(nowMs: number): boolean {
    return this.streams.size === 0 && nowMs >= this.probeUntilMs;
  }

  close(): void {
    this.streams.clear();
    this.recent = [];
    this.recentStart = 0;
    this.recentBytes = 0;
    this.subscription.unsubscribe().catch(() => {
      this.failures++;
    });
  }

  private receive(message: SourceMessage): void {
    try {
      const receivedAt = this.readsFieldText ? addedAtOf(message) : message.receivedAt;
      this.remember(message, receivedAt);
      const wantsPaths = this.catalog.isDue(receivedAt);
      if (this.streams.size === 0 && !wantsPaths) return;
      const payload = this.decode(message.payload);
      for (const stream of this.streams) stream.ingestDecoded(payload, receivedAt);
      if (wantsPaths && (payload.kind === 'json' || payload.kind === 'msgpack')) this.catalog.offer(payload.value, receivedAt);
    } catch {
      this.failures++;
    }
  }

  private decode(bytes: Buffer): ReturnType<typeof decodePlotPayload> {
    const payload = decodePlotPayload(bytes);
    if (this.readsFieldText && payload.kind === 'json') readNumericFields(payload.value);
    return payload;
  }

  private remember(message: SourceMessage, receivedAt: number): void {
    const size = message.payload.length;
    if (size > RECENT_BYTES) return;
    // A copy: the source's buffer is not ours to keep.
    this.recent.push({ payload: Buffer.from(message.payload), receivedAt });
    this.recentBytes += size;
    while (this.recent.length - this.recentStart > RECENT_MESSAGES || this.recentBytes > RECENT_BYTES) {
      this.recentBytes -= this.recent[this.recentStart]!.payload.length;
      this.recentStart++;
    }
    if (this.recentStart > RECENT_MESSAGES) {
      this.recent = this.recent.slice(this.recentStart);
      this.recentStart = 0;
    }
  }
}

/**
 * A stream entry's receive time for a plot is when Redis added it (the
 * milliseconds of its id), not when the tail read it: one XREAD hands over
 * many entries at once, and they would all share one instant.
 */
function addedAtOf(message: SourceMessage): number {
  const id = message.entryId;
  if (id === undefined) return message.receivedAt;
  const addedAt = Number(id.slice(0, id.indexOf('-')));
  return Number.isSafeInteger(addedAt) && addedAt > 0 ? addedAt : message.receivedAt;
}
