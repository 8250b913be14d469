/**
 * Routes one EEG plot's frames to its canvas outside React: live frames go
 * through a latest-only scheduler (setData at most once per animation
 * frame); spectrum frames go to the spectrum panel through their own
 * scheduler, so a skipped lane frame never loses a spectrum. While frozen,
 * live frames still arrive and their statistics stay current, but nothing
 * is drawn except the ranges the user asks for. After each draw it tells
 * its listeners, so the words around the montage follow the picture.
 */
import type { PlotFrame } from '../../../../shared/plots';
import { EegChart } from './EegChart';
import { summarizeEegPicture, type EegSummary } from './eegSummary';
import { DrawSignal } from './drawnSummary';
import type { LaneDisplaySettings, ScaleChoice } from './eegLaneLayout';
import { LatestFrameScheduler, type AnimationFrameClock, browserAnimationFrameClock } from './latestFrameScheduler';
import type { PlotMetrics } from './plotMetrics';

export type PlotSpectrumFrame = Pick<PlotFrame, 'seriesNames'> & { spectrum: NonNullable<PlotFrame['spectrum']> };

export interface EegDisplayOptions {
  width: number;
  height: number;
  windowSeconds: number;
  metrics: PlotMetrics;
  onSelectTimeRange(fromSeconds: number, toSeconds: number): void;
  onSpectrum(frame: PlotSpectrumFrame): void;
  clock?: AnimationFrameClock;
}

export class EegDisplay {
  readonly chart: EegChart;
  /** The newest live frame, drawn or not (its stats keep counting while frozen). */
  latestLive: PlotFrame | null = null;
  /** The frame on screen. */
  shown: PlotFrame | null = null;
  /** The time range on screen, epoch seconds. */
  shownRange: [number, number] | null = null;
  private isFrozen = false;
  private windowSeconds: number;
  private readonly liveScheduler: LatestFrameScheduler<PlotFrame>;
  private readonly spectrumScheduler: LatestFrameScheduler<PlotSpectrumFrame>;
  private readonly drawSignal = new DrawSignal();

  constructor(
    container: HTMLElement,
    private readonly options: EegDisplayOptions,
  ) {
    this.windowSeconds = options.windowSeconds;
    this.chart = new EegChart(container, {
      width: options.width,
      height: options.height,
      metrics: options.metrics,
      onSelectTimeRange: options.onSelectTimeRange,
    });
    const clock = options.clock ?? browserAnimationFrameClock;
    this.liveScheduler = new LatestFrameScheduler((frame) => this.drawLive(frame), clock);
    this.spectrumScheduler = new LatestFrameScheduler((frame) => options.onSpectrum(frame), clock);
    options.metrics.attachCounters(this.liveScheduler.counters);
  }

  receive(frame: PlotFrame): void {
    this.options.metrics.recordArrival(frame);
    this.latestLive = frame;
    if (frame.spectrum !== undefined) this.spectrumScheduler.offer({ seriesNames: frame.seriesNames, spectrum: frame.spectrum });
    if (!this.isFrozen) this.liveScheduler.offer(frame);
  }

  /** Stops the display where it is; returns the range on screen. */
  freeze(): [number, number] | null {
    this.isFrozen = true;
    this.liveScheduler.discard();
    return this.shownRange;
  }

  /** Shows a frozen range fetched from the bus history. */
  showRange(frame: PlotFrame, fromSeconds: number, toSeconds: number): void {
    if (!this.isFrozen) return;
    this.shown = frame;
    this.shownRange = [fromSeconds, toSeconds];
    this.chart.show(frame, this.shownRange, false);
    this.drawSignal.didDraw();
  }

  /** Called right after each picture is drawn, before the browser paints it. */
  onDidDrawPicture(listener: () => void): () => void {
    return this.drawSignal.listen(listener);
  }

  /**
   * What the words around the montage say about the picture on screen, null before any frame arrived. Stats are
   * the drawn frame's own while live; frozen (or before a sample was drawn), the newest received: samples keep arriving.
   */
  summarize(drawnPerSecond: number | null): EegSummary | null {
    const received = this.latestLive ?? this.shown;
    if (received === null) return null;
    const stats = this.isFrozen || this.shown === null ? received.stats : this.shown.stats;
    return summarizeEegPicture({ frame: this.shown, statistics: this.chart.statistics, autoScale: this.chart.autoScale }, stats, drawnPerSecond);
  }

  goLive(): void {
    this.isFrozen = false;
    if (this.latestLive !== null) this.liveScheduler.offer(this.latestLive);
  }

  setWindowSeconds(windowSeconds: number): void {
    this.windowSeconds = windowSeconds;
  }

  setDisplay(settings: LaneDisplaySettings, scale: ScaleChoice): void {
    this.chart.setDisplay(settings, scale);
  }

  setSize(width: number, height: number): void {
    this.chart.setSize(width, height);
  }

  destroy(): void {
    this.drawSignal.clear();
    this.liveScheduler.dispose();
    this.spectrumScheduler.dispose();
    this.chart.destroy();
  }

  private drawLive(frame: PlotFrame): void {
    const length = frame.x.length;
    // An empty frame (a silent stream's heartbeat) keeps the last picture.
    if (length === 0) return;
    const newest = frame.x[length - 1]!;
    this.shown = frame;
    this.shownRange = [newest - this.windowSeconds, newest];
    this.chart.show(frame, this.shownRange, true);
    this.drawSignal.didDraw();
  }
}
