/**
 * One stream of samples for plots: messages of one channel in, numeric
 * series out, kept in a bounded history. Independent of Redis and of the
 * message source: anything that has SourceMessages (or decoded values) can feed it.
 *
 * Per message: decode (capped), filter by match, extract the series, pick
 * the sample time (the message's timestamp or the receive time, as the
 * plot asks; a message without a usable timestamp falls back to its receive
 * time and is counted), update the rate and gap statistics, append one
 * time step to the SampleRing. Raw values only: filters belong to the
 * display path (displayPipeline.ts), so the history stays raw.
 */
import { plotGapThresholdMs, type PlotStreamStats, type SampleTimeSource } from '../../shared/plots';
import { ok, type Result } from '../../shared/result';
import { decodePayload, type DecodedPayload } from '../decode/decodePayload';
import { SampleRing, type IndexRange } from '../signal/sampleRing';
import { HistoryBudget, historyCapacity, maxHistoryBytes, ringBytes, targetHistorySeconds, type StreamKind } from './historySizing';
import { messagePublishedAtMs } from './messageTime';
import type { SourceMessage } from './plotSource';
import { ActualRateMeter, NominalRateEstimator } from './sampleRate';
import { MAX_SERIES_PER_PLOT, NOT_MATCHED, SeriesExtractor } from './seriesExtraction';

export interface PlotStreamSpec {
  kind: StreamKind;
  /** The name of the plot's target (laneTargetName): a channel, a pattern or a stream key. */
  channel: string;
  fieldPaths: string[];
  match: { path: string; equals: string } | null;
  timeSource: SampleTimeSource;
}

export interface PlotStreamOptions {
  /** Epoch ms now; the actual rate is counted against it. */
  now?: () => number;
  budget?: HistoryBudget;
  maxSeries?: number;
}

/** Messages the stream did not turn into samples, by reason. */
export interface SkippedMessages {
  /** Larger than MAX_PLOT_PAYLOAD_BYTES: not decoded at all. */
  tooLarge: number;
  /** Claimed JSON or MessagePack but broke it. */
  undecodable: number;
  /** Text or binary: no fields to plot. */
  notStructured: number;
  /** Decoded, but none of the paths reached a number. */
  noValues: number;
  /** Turned away by the match filter (another device's telemetry): expected, not a fault. */
  notMatched: number;
}

export interface PlotStreamCounters {
  messages: number;
  skipped: SkippedMessages;
  /** Samples timed by their receive time because the message had no usable timestamp (timeSource 'message'). */
  receiveTimeFallbacks: number;
  /** Series a wildcard reached beyond the plot's cap. */
  refusedSeries: number;
}

/** EEG frames are about 1 kB and telemetry smaller; anything near this is not plot data. */
export const MAX_PLOT_PAYLOAD_BYTES = 1024 * 1024;
const MAX_PLOT_DECODE_ITEMS = 20_000;
const MAX_PLOT_DECODE_DEPTH = 32;
/** Samples between two checks whether the history should be resized for the detected rate. */
const RESIZE_CHECK_SAMPLES = 256;
/** Resize only when the wanted capacity differs this much, so jitter in the rate never reallocates. */
const RESIZE_RATIO = 1.25;

export type PlotPayload = DecodedPayload | { kind: 'tooLarge' };

/** Decodes a payload for plotting, or says it is too large to try. Never throws. */
export function decodePlotPayload(payload: Uint8Array): PlotPayload {
  if (payload.length > MAX_PLOT_PAYLOAD_BYTES) return { kind: 'tooLarge' };
  return decodePayload(payload, { maxBytes: MAX_PLOT_PAYLOAD_BYTES, maxItems: MAX_PLOT_DECODE_ITEMS, maxDepth: MAX_PLOT_DECODE_DEPTH });
}

export class PlotStream {
  /** The raw history. Replaced (never mutated in shape) when it grows or gains series. */
  ring: SampleRing;
  /** Time steps ever pushed; sample n (0-based) is held while n >= total - ring.length. */
  total = 0;
  /** Newest publish time seen (epoch ms), whatever the time source. */
  newestPublishedAt: number | null = null;
  /** Changes when series are added (the ring's channels grew). */
  layoutVersion = 0;
  private readonly extractor: SeriesExtractor;
  private readonly nominal = new NominalRateEstimator();
  private readonly actual = new ActualRateMeter();
  private readonly now: () => number;
  /** Shared with the display rings of the plots on this stream. */
  readonly budget: HistoryBudget;
  private lastTimeMs = Number.NEGATIVE_INFINITY;
  private gaps = 0;
  private late = 0;
  /** Overwritten by rings this stream replaced. */
  private overwrittenBefore = 0;
  private sinceResizeCheck = 0;
  private readonly heldRange: IndexRange = { start: 0, end: 0 };
  private readonly counters: PlotStreamCounters = {
    messages: 0,
    skipped: { tooLarge: 0, undecodable: 0, notStructured: 0, noValues: 0, notMatched: 0 },
    receiveTimeFallbacks: 0,
    refusedSeries: 0,
  };

  private constructor(
    readonly spec: PlotStreamSpec,
    extractor: SeriesExtractor,
    options: PlotStreamOptions,
  ) {
    this.extractor = extractor;
    this.now = options.now ?? Date.now;
    this.budget = options.budget ?? new HistoryBudget();
    this.ring = this.allocateRing(Math.max(1, extractor.seriesCount));
    this.layoutVersion = extractor.version;
  }

  static create(spec: PlotStreamSpec, options: PlotStreamOptions = {}): Result<PlotStream> {
    const extractor = SeriesExtractor.create(
      { fieldPaths: spec.fieldPaths, match: spec.match },
      Math.min(options.maxSeries ?? MAX_SERIES_PER_PLOT, MAX_SERIES_PER_PLOT),
    );
    if (!extractor.ok) return extractor;
    return ok(new PlotStream(spec, extractor.value, options));
  }

  /** Decodes and ingests one message. Never throws: bad payloads are counted. */
  ingest(message: SourceMessage): void {
    this.ingestDecoded(decodePlotPayload(message.payload), message.receivedAt);
  }

  /** Ingests a payload decoded once for every stream of its channel. */
  ingestDecoded(payload: PlotPayload, receivedAt: number): void {
    const counters = this.counters;
    counters.messages++;
    switch (payload.kind) {
      case 'json':
      case 'msgpack':
        this.ingestValue(payload.value, receivedAt);
        return;
      case 'tooLarge':
        counters.skipped.tooLarge++;
        return;
      case 'error':
        counters.skipped.undecodable++;
        return;
      default:
        counters.skipped.notStructured++;
    }
  }

  private ingestValue(value: unknown, receivedAt: number): void {
    const found = this.extractor.extract(value);
    if (found === NOT_MATCHED) {
      this.counters.skipped.notMatched++;
      return;
    }
    if (found === 0) {
      this.counters.skipped.noValues++;
      return;
    }
    const publishedAt = messagePublishedAtMs(value, receivedAt);
    if (publishedAt !== undefined && (this.newestPublishedAt === null || publishedAt > this.newestPublishedAt)) {
      this.newestPublishedAt = publishedAt;
    }
    let timeMs = receivedAt;
    if (this.spec.timeSource === 'message') {
      if (publishedAt !== undefined) timeMs = publishedAt;
      else this.counters.receiveTimeFallbacks++;
    }
    if (this.extractor.version !== this.layoutVersion) this.resize(this.extractor.seriesCount);

    if (timeMs < this.lastTimeMs) {
      this.late++;
    } else {
      if (this.lastTimeMs !== Number.NEGATIVE_INFINITY) {
        const intervalMs = timeMs - this.lastTimeMs;
        if (intervalMs > this.gapThresholdMs()) this.gaps++;
        this.nominal.addInterval(intervalMs, timeMs);
      }
      this.lastTimeMs = timeMs;
    }
    // values holds MAX_SERIES_PER_PLOT slots; push reads the ring's channel count of them.
    this.ring.push(timeMs, this.extractor.values);
    this.total++;
    this.actual.add(receivedAt);
    if (++this.sinceResizeCheck >= RESIZE_CHECK_SAMPLES || (this.total === 64 && this.nominal.rateHz !== null)) {
      this.sinceResizeCheck = 0;
      this.resizeForRate();
    }
  }

  get nominalRateHz(): number | null {
    return this.nominal.rateHz;
  }

  /** Spacing beyond which the line breaks and a gap is counted; infinite until the rate is known. */
  gapThresholdMs(): number {
    const rate = this.nominal.rateHz;
    return rate === null ? Number.POSITIVE_INFINITY : plotGapThresholdMs(rate, this.spec.timeSource);
  }

  /** Series names in display order. */
  seriesNames(): string[] {
    const names = this.extractor.names;
    return this.extractor.displayOrder().map((slot) => names[slot]!);
  }

  /** Ring channels in display order. */
  displayOrder(): number[] {
    return this.extractor.displayOrder();
  }

  get seriesCount(): number {
    return this.extractor.seriesCount;
  }

  /** Absolute number of the oldest held sample. */
  get oldestHeld(): number {
    return this.total - this.ring.length;
  }

  /** Physical ring index of held sample n (see `total`). */
  physicalIndex(sample: number): number {
    return this.ring.held(this.heldRange).start + (sample - this.oldestHeld);
  }

  /** Seconds of history the ring holds at the detected rate (the target until the rate is known). */
  historySeconds(): number {
    const rate = this.nominal.rateHz;
    return rate === null ? targetHistorySeconds(this.spec.kind) : Math.round((this.ring.capacity / rate) * 10) / 10;
  }

  stats(): PlotStreamStats {
    return {
      nominalRateHz: this.nominal.rateHz,
      actualRateHz: this.actual.rateHz(this.now()),
      samples: this.total,
      gaps: this.gaps,
      late: this.late,
      overwritten: this.overwrittenBefore + this.ring.overwrittenCount,
    };
  }

  counts(): PlotStreamCounters {
    const counters = this.counters;
    return { ...counters, skipped: { ...counters.skipped }, refusedSeries: this.extractor.refusedSeries };
  }

  dispose(): void {
    this.budget.release(this);
  }

  private resizeForRate(): void {
    const wanted = this.capacityFor(this.ring.channelCount);
    const current = this.ring.capacity;
    if (wanted > current * RESIZE_RATIO || wanted * RESIZE_RATIO < current) this.resize(this.ring.channelCount);
  }

  private capacityFor(channelCount: number): number {
    const kind = this.spec.kind;
    const wantedBytes = ringBytes(historyCapacity(kind, this.nominal.rateHz, channelCount, maxHistoryBytes(kind)), channelCount);
    const granted = this.budget.grant(this, wantedBytes);
    return historyCapacity(kind, this.nominal.rateHz, channelCount, granted);
  }

  private allocateRing(channelCount: number): SampleRing {
    const ring = new SampleRing(this.capacityFor(channelCount), channelCount);
    this.budget.settle(this, ringBytes(ring.capacity, channelCount));
    return ring;
  }

  /** Moves the newest held samples into a ring sized for the current rate and series. */
  private resize(channelCount: number): void {
    const old = this.ring;
    const next = this.allocateRing(Math.max(1, channelCount));
    const keep = Math.min(old.length, next.capacity);
    const held = old.held(this.heldRange);
    const step = new Float64Array(old.channelCount);
    for (let index = held.end - keep; index < held.end; index++) {
      for (let channel = 0; channel < old.channelCount; channel++) step[channel] = old.channel(channel)[index]!;
      next.push(old.timestamps[index]!, step);
    }
    this.overwrittenBefore += old.overwrittenCount + (old.length - keep);
    this.ring = next;
    this.layoutVersion = this.extractor.version;
  }
}
