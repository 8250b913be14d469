/**
 * Routes one telemetry plot's frames to its chart outside React: live
 * frames through a latest-only scheduler (at most one setData per
 * animation frame), none while paused or showing a history range.
 */
import type { PlotFrame } from '../../../../shared/plots';
import { copyPicture } from '../../../../shared/livePicture';
import { LatestFrameScheduler } from './latestFrameScheduler';
import type { PlotMetrics } from './plotMetrics';
import { TelemetryChart } from './TelemetryChart';
import { summarizePicture, type TelemetrySummary } from './telemetrySummary';
import { DrawSignal } from './drawnSummary';

export interface TelemetryDisplaySettings {
  windowSeconds: number;
  isPaused: boolean;
  /** Samples before this (epoch seconds) are not drawn. */
  clearedAtSeconds: number | null;
  /** True while a history range is on screen instead of live data. */
  isShowingRange: boolean;
  /** The live time range to draw over instead of the chart's own (epoch seconds): lines a strip up with its montage. */
  alignLiveRange?: (() => [number, number] | null) | undefined;
}

export class TelemetryDisplay {
  readonly chart: TelemetryChart;
  latestLive: PlotFrame | null = null;
  shown: PlotFrame | null = null;
  private settings: TelemetryDisplaySettings;
  private readonly scheduler: LatestFrameScheduler<PlotFrame>;
  private readonly drawSignal = new DrawSignal();

  constructor(container: HTMLElement, width: number, height: number, metrics: PlotMetrics, isCompact: boolean, settings: TelemetryDisplaySettings) {
    this.settings = settings;
    this.chart = new TelemetryChart(container, { width, height, metrics, isCompact });
    this.scheduler = new LatestFrameScheduler((frame) => this.drawLive(frame));
    metrics.attachCounters(this.scheduler.counters);
  }

  receive(frame: PlotFrame): void {
    this.latestLive = frame;
    if (!this.settings.isPaused && !this.settings.isShowingRange) this.scheduler.offer(frame);
  }

  configure(settings: TelemetryDisplaySettings): void {
    const isClearChanged = settings.clearedAtSeconds !== this.settings.clearedAtSeconds;
    // A live picture's last column follows later frames (livePicture.ts); a paused chart keeps what it showed.
    if (settings.isPaused && !this.settings.isPaused && this.shown !== null) this.shown = copyPicture(this.shown);
    this.settings = settings;
    // A cleared chart redraws at once, without waiting for the next message.
    if (isClearChanged && this.shown !== null && !settings.isShowingRange) this.drawLive(this.shown);
  }

  showRange(frame: PlotFrame, fromSeconds: number, toSeconds: number): void {
    this.shown = frame;
    this.chart.show(frame, [fromSeconds, toSeconds], this.settings.clearedAtSeconds);
    this.drawSignal.didDraw();
  }

  /** Called right after each picture is drawn, before the browser paints it. */
  onDidDrawPicture(listener: () => void): () => void {
    return this.drawSignal.listen(listener);
  }

  /**
   * What the legend and status line say about the picture on screen, null before one is drawn. Stats are the
   * drawn frame's own while live; paused or showing a range, the newest received (data keeps arriving).
   */
  summarize(nowSeconds: number): TelemetrySummary | null {
    if (this.shown === null) return null;
    const isLive = !this.settings.isPaused && !this.settings.isShowingRange;
    const stats = isLive ? this.shown.stats : (this.latestLive ?? this.shown).stats;
    return summarizePicture(this.shown, stats, this.settings.clearedAtSeconds, nowSeconds);
  }

  setSize(width: number, height: number): void {
    this.chart.setSize(width, height);
  }

  destroy(): void {
    this.drawSignal.clear();
    this.scheduler.dispose();
    this.chart.destroy();
  }

  private drawLive(frame: PlotFrame): void {
    this.shown = frame;
    const aligned = this.settings.alignLiveRange?.() ?? null;
    const newest = frame.x.length > 0 ? frame.x[frame.x.length - 1]! : Date.now() / 1000;
    this.chart.show(frame, aligned ?? [newest - this.settings.windowSeconds, newest], this.settings.clearedAtSeconds);
    this.drawSignal.didDraw();
  }
}
