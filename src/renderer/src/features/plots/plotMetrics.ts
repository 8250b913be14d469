/**
 * What the plots measure about themselves: frames drawn and skipped, the
 * time from a frame's arrival to setData (build), from setData to the end
 * of uPlot's draw, and from the newest sample's publish time to the end of
 * the draw (publish-to-pixel; one clock when publisher and window share a
 * machine). Each timing keeps its last MAX_TIMINGS values.
 *
 * The registry is readable from the page (window.labwirePlotMetrics) so
 * the benchmark and a curious engineer's console see the same numbers.
 */
import type { FrameSchedulerCounters } from './latestFrameScheduler';

const MAX_TIMINGS = 4096;

/** A bounded list of timings in ms; the oldest go first. */
export class TimingRing {
  private readonly values = new Float64Array(MAX_TIMINGS);
  private next = 0;
  private size = 0;

  add(valueMs: number): void {
    this.values[this.next] = valueMs;
    this.next = (this.next + 1) % MAX_TIMINGS;
    this.size = Math.min(MAX_TIMINGS, this.size + 1);
  }

  clear(): void {
    this.next = 0;
    this.size = 0;
  }

  toArray(): number[] {
    const start = (this.next - this.size + MAX_TIMINGS) % MAX_TIMINGS;
    return Array.from({ length: this.size }, (_, index) => this.values[(start + index) % MAX_TIMINGS]!);
  }
}

export interface PlotMetricsSnapshot {
  plotId: string;
  kind: string;
  channel: string;
  received: number;
  drawn: number;
  skipped: number;
  buildMs: number[];
  drawMs: number[];
  publishToPixelMs: number[];
  busBuildMs: number[];
  publishToFrameMs: number[];
  frameDeliveryMs: number[];
}

export class PlotMetrics {
  readonly buildMs = new TimingRing();
  readonly drawMs = new TimingRing();
  readonly publishToPixelMs = new TimingRing();
  /** PlotFrame.buildMs of the frames drawn: the bus's side of the same frames. */
  readonly busBuildMs = new TimingRing();
  /** Per frame received: from its newest sample's publish time to when the bus cut the frame (Redis, decoding, the frame clock). */
  readonly publishToFrameMs = new TimingRing();
  /** Per frame received: from when the bus cut it to its arrival in this page (encoding, IPC or WebSocket, decoding). */
  readonly frameDeliveryMs = new TimingRing();
  private counters: FrameSchedulerCounters = { received: 0, drawn: 0, skipped: 0 };

  constructor(
    readonly kind: string,
    readonly channel: string,
  ) {}

  /** The scheduler whose counters these metrics report. */
  attachCounters(counters: FrameSchedulerCounters): void {
    this.counters = counters;
  }

  get drawn(): number {
    return this.counters.drawn;
  }

  /** Where a frame's time went before it reached the page (the bus and the page share one clock on one machine). */
  recordArrival(frame: { at: number; newestPublishedAt: number | null }, arrivedAt: number = Date.now()): void {
    if (frame.newestPublishedAt !== null) this.publishToFrameMs.add(frame.at - frame.newestPublishedAt);
    this.frameDeliveryMs.add(arrivedAt - frame.at);
  }

  snapshot(plotId: string): PlotMetricsSnapshot {
    return {
      plotId,
      kind: this.kind,
      channel: this.channel,
      received: this.counters.received,
      drawn: this.counters.drawn,
      skipped: this.counters.skipped,
      buildMs: this.buildMs.toArray(),
      drawMs: this.drawMs.toArray(),
      publishToPixelMs: this.publishToPixelMs.toArray(),
      busBuildMs: this.busBuildMs.toArray(),
      publishToFrameMs: this.publishToFrameMs.toArray(),
      frameDeliveryMs: this.frameDeliveryMs.toArray(),
    };
  }
}

export interface PlotMetricsRegistry {
  /** Every plot on screen now. */
  snapshot(): PlotMetricsSnapshot[];
  /** Forgets the timings gathered so far (counters keep counting). */
  clearTimings(): void;
}

/** The page's plots by their metrics; one page, one registry (module state on purpose: the window is global too). */
const registered = new Map<PlotMetrics, string>();

const registry: PlotMetricsRegistry = {
  snapshot: () => [...registered].map(([metrics, plotId]) => metrics.snapshot(plotId)),
  clearTimings: () => {
    for (const metrics of registered.keys()) {
      metrics.buildMs.clear();
      metrics.drawMs.clear();
      metrics.publishToPixelMs.clear();
      metrics.busBuildMs.clear();
      metrics.publishToFrameMs.clear();
      metrics.frameDeliveryMs.clear();
    }
  },
};

declare global {
  interface Window {
    labwirePlotMetrics?: PlotMetricsRegistry;
  }
}

/** Adds the plot's metrics to the page's registry under its bus plot id; returns the function that removes them. */
export function registerPlotMetrics(metrics: PlotMetrics, plotId: string): () => void {
  if (typeof window !== 'undefined') window.labwirePlotMetrics = registry;
  registered.set(metrics, plotId);
  return () => {
    registered.delete(metrics);
  };
}
