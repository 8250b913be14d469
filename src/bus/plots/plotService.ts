/**
 * The live plots of every profile: opens plots on the message source's shared
 * subscriptions, keeps one sample stream per distinct extraction (two
 * plots of the same channel, paths and time source share one history),
 * and sends each plot a frame on the PLOT_FRAME_INTERVAL_MS clock when it
 * has new samples (or a heartbeat once a second); the bus writes each frame
 * as bytes (busMessageCodec.ts), one copy of its columns. The clock keeps
 * its deadlines (a late tick does not push the next one back), so the rate
 * holds when frame building and message intake compete for the thread.
 *
 * Caps: MAX_PLOTS_PER_PROFILE plots, MAX_SERIES_PER_PLOT series per plot,
 * frame columns bounded by the pixel width (alignedDecimation.ts), plot
 * histories within TOTAL_HISTORY_BYTES (historySizing.ts), payloads above
 * MAX_PLOT_PAYLOAD_BYTES skipped and counted.
 */
import { PLOT_FRAME_INTERVAL_MS } from '../../shared/contract';
import type { OfferedStreams, PlotFrame, PlotInfo, PlotSpec } from '../../shared/plots';
import { laneTargetName, type LaneTarget } from '../../shared/liveChannels';
import { fail, ok, type Result } from '../../shared/result';
import { designFilterChain } from '../signal/filterChain';
import { ChannelFeed } from './channelFeed';
import { filterSpecOf, hasActiveFilters } from './displayPipeline';
import { HistoryBudget } from './historySizing';
import type { PlotMessageSource } from './plotSource';
import { PlotStream, type PlotStreamSpec } from './plotStream';
import { PlotView } from './plotView';
import { StreamFinders } from './streamFinders';

export const MAX_PLOTS_PER_PROFILE = 32;
/** How long open() waits for the server to accept the subscription before answering anyway. */
const SUBSCRIBE_SETTLE_TIMEOUT_MS = 3000;
/** A channel asked about for autocomplete stays subscribed this long after the last ask. */
const PATH_PROBE_IDLE_MS = 60_000;
const MAX_PATH_PROBES_PER_PROFILE = 8;
const MIN_PIXEL_WIDTH = 16;
/**
 * A stream whose last plot closed keeps its history and subscription this long: a reloaded page, or a
 * view hidden and shown again, opens the same stream and draws what the bus already holds instead of an
 * empty window that fills in over the window's length. Bounded: the histories share one byte budget.
 */
export const STREAM_LINGER_MS = 10_000;
const MAX_PIXEL_WIDTH = 8192;

export interface PlotServiceOptions {
  source: PlotMessageSource;
  emitFrame(frame: PlotFrame): void;
  /** Defaults to PLOT_FRAME_INTERVAL_MS; 0 starts no timer (tests call flushFrames). */
  frameIntervalMs?: number;
  /** A plot closed, for whatever reason (asked, its profile closed, its subscription refused): its owner no longer holds it. */
  onDidClosePlot?(plotId: string): void;
}

interface StreamEntry {
  stream: PlotStream;
  feed: ChannelFeed;
  plotIds: Set<string>;
  /** With no plot left: when the stream is released (performance.now() clock); null while a plot shows it. */
  releaseAtMs: number | null;
}

interface PlotEntry {
  view: PlotView;
  streamKey: string;
}

export class PlotService {
  private readonly plots = new Map<string, PlotEntry>();
  private readonly streams = new Map<string, StreamEntry>();
  private readonly feeds = new Map<string, ChannelFeed>();
  private readonly budget = new HistoryBudget();
  private readonly finders: StreamFinders;
  private readonly frameIntervalMs: number;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private nextTickMs = 0;
  private nextPlotNumber = 1;
  private isDisposed = false;

  constructor(private readonly options: PlotServiceOptions) {
    this.frameIntervalMs = options.frameIntervalMs ?? PLOT_FRAME_INTERVAL_MS;
    this.finders = new StreamFinders(options.source);
  }

  /**
   * `onDidAttach` runs as soon as the plot exists, before the subscription
   * settles, so its owner is known while open() is still waiting (a client
   * that goes in that time takes the plot with it).
   */
  async open(profileId: string, requested: PlotSpec, onDidAttach?: (plotId: string) => void): Promise<Result<PlotInfo>> {
    if (this.isDisposed) return fail('INTERNAL', 'The plot service has shut down.');
    const plotCount = [...this.plots.values()].filter((entry) => entry.view.profileId === profileId).length;
    if (plotCount >= MAX_PLOTS_PER_PROFILE) {
      return fail('INVALID', `This connection already shows ${MAX_PLOTS_PER_PROFILE} plots; close one to open another.`);
    }
    const plotId = `plot-${this.nextPlotNumber++}`;
    const attached = this.attach(plotId, profileId, sanitize(requested));
    if (!attached.ok) return attached;
    onDidAttach?.(plotId);
    return this.afterSubscriptionSettles(plotId, attached.value);
  }

  async update(plotId: string, requested: PlotSpec): Promise<Result<PlotInfo>> {
    const entry = this.plots.get(plotId);
    if (!entry) return fail('NOT_FOUND', 'That plot is no longer open.');
    const spec = sanitize(requested);
    if (streamKeyOf(entry.view.profileId, spec) === entry.streamKey) {
      const checked = checkFilters(entry.view.stream, spec);
      if (!checked.ok) return checked;
      entry.view.configure(spec);
      return ok(entry.view.info());
    }
    // Another channel, path or time source: a different stream. The old one goes only once the new one exists.
    const profileId = entry.view.profileId;
    const previousKey = entry.streamKey;
    this.plots.delete(plotId);
    const attached = this.attach(plotId, profileId, spec);
    if (!attached.ok) {
      this.plots.set(plotId, entry);
      return attached;
    }
    this.detach(plotId, previousKey, entry.view);
    return this.afterSubscriptionSettles(plotId, attached.value);
  }

  /** `shouldKeepHistory`: false releases the stream at once when this was its last plot (a refused subscription, a closed profile). */
  close(plotId: string, shouldKeepHistory = true): Result<{ plotId: string }> {
    const entry = this.plots.get(plotId);
    if (entry) {
      this.plots.delete(plotId);
      this.detach(plotId, entry.streamKey, entry.view, shouldKeepHistory);
      this.options.onDidClosePlot?.(plotId);
    }
    this.stopTimerWhenIdle();
    return ok({ plotId });
  }

  /** The plot's next live frame is a keyframe (its receiver missed one). */
  requestKeyframe(plotId: string): Result<{ plotId: string }> {
    const entry = this.plots.get(plotId);
    if (!entry) return fail('NOT_FOUND', 'That plot is no longer open.');
    entry.view.requestKeyframe();
    return ok({ plotId });
  }

  range(plotId: string, fromMs: number, toMs: number, pixelWidth: number): Result<PlotFrame> {
    const entry = this.plots.get(plotId);
    if (!entry) return fail('NOT_FOUND', 'That plot is no longer open.');
    return entry.view.range(fromMs, toMs, clampPixelWidth(pixelWidth));
  }

  /**
   * The fields seen lately on the channel: numeric paths, and short text
   * values by path (device ids). Asking keeps (or starts) a listener on it for
   * a minute, so asking again soon gives more.
   */
  describeChannel(profileId: string, channel: string): { paths: string[]; textValues: Record<string, string[]> } {
    const paths = this.numericPaths(profileId, channel);
    const feed = this.feeds.get(feedKeyOf(profileId, { kind: 'channel', name: channel }));
    return { paths, textValues: feed?.catalog.textValues() ?? {} };
  }

  /** Numeric paths seen lately on the channel. Asking keeps (or starts) a listener on it for a minute, so asking again soon gives more. */
  numericPaths(profileId: string, channel: string): string[] {
    if (this.isDisposed) return [];
    const target: LaneTarget = { kind: 'channel', name: channel };
    const key = feedKeyOf(profileId, target);
    let feed = this.feeds.get(key);
    if (!feed) {
      this.evictProbesBeyondCap(profileId);
      feed = new ChannelFeed(profileId, target, this.options.source);
      this.feeds.set(key, feed);
    }
    feed.probeUntilMs = performance.now() + PATH_PROBE_IDLE_MS;
    this.startTimer();
    return feed.catalog.paths();
  }

  /** Channels seen in traffic that an EEG view can show (streamFinder.ts); asking keeps the finder listening for a minute. */
  offeredStreams(profileId: string): OfferedStreams {
    if (this.isDisposed) return { streams: [], scope: 'none', forgottenChannels: 0 };
    return this.finders.offers(profileId);
  }

  closeProfile(profileId: string): void {
    this.finders.closeProfile(profileId);
    for (const [plotId, entry] of [...this.plots]) {
      if (entry.view.profileId === profileId) this.close(plotId, false);
    }
    for (const [key, streamEntry] of [...this.streams]) {
      if (streamEntry.feed.profileId === profileId && streamEntry.plotIds.size === 0) this.releaseStream(key, streamEntry);
    }
    for (const [key, feed] of [...this.feeds]) {
      if (feed.profileId === profileId) {
        feed.close();
        this.feeds.delete(key);
      }
    }
    this.stopTimerWhenIdle();
  }

  dispose(): void {
    this.isDisposed = true;
    this.finders.dispose();
    for (const plotId of [...this.plots.keys()]) this.close(plotId, false);
    for (const [key, streamEntry] of [...this.streams]) this.releaseStream(key, streamEntry);
    for (const feed of this.feeds.values()) feed.close();
    this.feeds.clear();
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  /** The plot's stream, for diagnostics and tests (skip counters, history). */
  streamOf(plotId: string): PlotStream | undefined {
    return this.plots.get(plotId)?.view.stream;
  }

  /** Builds and sends every frame that is due; the frame clock calls it. */
  flushFrames(nowMs: number = performance.now()): void {
    for (const entry of this.plots.values()) {
      const view = entry.view;
      if (!view.isFrameDue(nowMs)) continue;
      try {
        this.options.emitFrame(view.buildFrame(nowMs));
      } catch {
        // One broken plot must not starve the others; it tries again on the next tick.
      }
    }
    for (const [key, streamEntry] of [...this.streams]) {
      if (streamEntry.releaseAtMs !== null && nowMs >= streamEntry.releaseAtMs) this.releaseStream(key, streamEntry);
    }
    for (const [key, feed] of this.feeds) {
      if (feed.isIdle(nowMs)) {
        feed.close();
        this.feeds.delete(key);
      }
    }
    this.stopTimerWhenIdle();
  }

  private attach(plotId: string, profileId: string, spec: PlotSpec): Result<PlotView> {
    const streamKey = streamKeyOf(profileId, spec);
    let streamEntry = this.streams.get(streamKey);
    if (!streamEntry) {
      const created = PlotStream.create(streamSpecOf(spec), { budget: this.budget });
      if (!created.ok) return created;
      const feedKey = feedKeyOf(profileId, spec.target);
      let feed = this.feeds.get(feedKey);
      if (!feed) {
        feed = new ChannelFeed(profileId, spec.target, this.options.source);
        this.feeds.set(feedKey, feed);
      }
      feed.addStream(created.value);
      streamEntry = { stream: created.value, feed, plotIds: new Set(), releaseAtMs: null };
      this.streams.set(streamKey, streamEntry);
    }
    const checked = checkFilters(streamEntry.stream, spec);
    if (!checked.ok) {
      if (streamEntry.plotIds.size === 0) this.releaseStream(streamKey, streamEntry);
      return checked;
    }
    streamEntry.plotIds.add(plotId);
    streamEntry.releaseAtMs = null;
    const view = new PlotView(plotId, profileId, streamEntry.stream, spec);
    this.plots.set(plotId, { view, streamKey });
    this.startTimer();
    return ok(view);
  }

  private detach(plotId: string, streamKey: string, view: PlotView, shouldKeepHistory = true): void {
    view.dispose();
    const streamEntry = this.streams.get(streamKey);
    if (!streamEntry) return;
    streamEntry.plotIds.delete(plotId);
    if (streamEntry.plotIds.size > 0) return;
    // The frame clock keeps running while the stream's feed is open, and releases it when the time is up.
    if (shouldKeepHistory) streamEntry.releaseAtMs = performance.now() + STREAM_LINGER_MS;
    else this.releaseStream(streamKey, streamEntry);
  }

  private releaseStream(streamKey: string, streamEntry: StreamEntry): void {
    this.streams.delete(streamKey);
    streamEntry.stream.dispose();
    const feed = streamEntry.feed;
    feed.streams.delete(streamEntry.stream);
    if (feed.isIdle(performance.now())) {
      feed.close();
      this.feeds.delete(feedKeyOf(feed.profileId, feed.target));
    }
  }

  /** Answers once the server accepted the subscription; a refusal (NOPERM) closes the plot and says why. */
  private async afterSubscriptionSettles(plotId: string, view: PlotView): Promise<Result<PlotInfo>> {
    const streamEntry = this.streams.get(this.plots.get(plotId)?.streamKey ?? '');
    if (!streamEntry) return fail('NOT_FOUND', 'The plot was closed before its subscription was ready.');
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<null>((resolve) => {
      timer = setTimeout(() => resolve(null), SUBSCRIBE_SETTLE_TIMEOUT_MS);
    });
    const settled = await Promise.race([streamEntry.feed.whenSettled().catch(() => null), timeout]);
    clearTimeout(timer);
    if (this.plots.get(plotId)?.view !== view) return fail('NOT_FOUND', 'The plot was closed before its subscription was ready.');
    if (settled?.state === 'refused') {
      this.close(plotId, false);
      return { ok: false, error: settled.error };
    }
    return ok(view.info());
  }

  private evictProbesBeyondCap(profileId: string): void {
    const probes = [...this.feeds.entries()].filter(([, feed]) => feed.profileId === profileId && feed.streams.size === 0);
    probes.sort(([, a], [, b]) => a.probeUntilMs - b.probeUntilMs);
    while (probes.length >= MAX_PATH_PROBES_PER_PROFILE) {
      const [key, feed] = probes.shift()!;
      feed.close();
      this.feeds.delete(key);
    }
  }

  private startTimer(): void {
    if (this.timer !== null || this.frameIntervalMs <= 0 || this.isDisposed) return;
    this.nextTickMs = performance.now() + this.frameIntervalMs;
    this.armTimer();
  }

  /** Next tick on the deadline grid; after a stall longer than a tick, the grid restarts from now instead of firing a burst. */
  private armTimer(): void {
    const nowMs = performance.now();
    if (this.nextTickMs < nowMs - this.frameIntervalMs) this.nextTickMs = nowMs;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.nextTickMs += this.frameIntervalMs;
      this.flushFrames();
      if (this.timer === null && !this.isDisposed && (this.plots.size > 0 || this.feeds.size > 0)) this.armTimer();
    }, Math.max(0, this.nextTickMs - nowMs));
    this.timer.unref?.();
  }

  private stopTimerWhenIdle(): void {
    if (this.timer === null || this.plots.size > 0 || this.feeds.size > 0) return;
    clearTimeout(this.timer);
    this.timer = null;
  }
}

function streamSpecOf(spec: PlotSpec): PlotStreamSpec {
  return spec.kind === 'eeg'
    ? { kind: 'eeg', channel: laneTargetName(spec.target), fieldPaths: [spec.fieldPath], match: null, timeSource: spec.timeSource }
    : { kind: 'telemetry', channel: laneTargetName(spec.target), fieldPaths: [...spec.fieldPaths], match: spec.match, timeSource: spec.timeSource };
}

function streamKeyOf(profileId: string, spec: PlotSpec): string {
  const stream = streamSpecOf(spec);
  return JSON.stringify([profileId, stream.kind, spec.target.kind, stream.channel, stream.timeSource, stream.fieldPaths, stream.match]);
}

/** One source subscription per profile and target: a channel and a stream of the same name are two feeds. */
function feedKeyOf(profileId: string, target: LaneTarget): string {
  return JSON.stringify([profileId, target.kind, laneTargetName(target)]);
}

function clampPixelWidth(pixelWidth: number): number {
  return Number.isFinite(pixelWidth) ? Math.min(MAX_PIXEL_WIDTH, Math.max(MIN_PIXEL_WIDTH, Math.round(pixelWidth))) : MIN_PIXEL_WIDTH;
}

/** The request validator checks ranges already; this keeps the service safe when called directly. */
function sanitize(spec: PlotSpec): PlotSpec {
  const windowRange = spec.kind === 'eeg' ? [1, 30] : [10, 24 * 60 * 60];
  const windowSeconds = Number.isFinite(spec.windowSeconds) ? Math.min(windowRange[1]!, Math.max(windowRange[0]!, spec.windowSeconds)) : windowRange[0]!;
  return { ...spec, windowSeconds, pixelWidth: clampPixelWidth(spec.pixelWidth) };
}

/** Filters that cannot work at the stream's detected rate are refused up front, in words. */
function checkFilters(stream: PlotStream, spec: PlotSpec): Result<true> {
  const rateHz = stream.nominalRateHz;
  if (spec.kind !== 'eeg' || !hasActiveFilters(spec.filters) || rateHz === null) return ok(true);
  const design = designFilterChain(filterSpecOf(spec.filters), rateHz);
  return design.ok ? ok(true) : design;
}
