/**
 * The EEG montage: every lane in ONE uPlot canvas with one y scale, lane
 * names on the left axis, a shared time axis and cursor.
 *
 * uPlot keeps the axes, grid, cursor, drag selection and sizing. The lanes
 * are not uPlot paths: after the grid is drawn, every lane is rasterized
 * straight from the frame's Float32Array columns (with its own offset and
 * scale) into one pixel buffer, one device pixel wide, no points, no
 * fills, no anti-aliasing, and copied onto the plot area in one drawImage
 * (laneRaster.ts has the measurements behind this). A frame is never
 * copied or reshaped, and NaN (a gap) lifts the pen.
 *
 * The instance lives as long as the view; a frame only calls setData.
 */
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { PlotFrame } from '../../../../shared/plots';
import {
  AutoScaleHold,
  computeLaneTransforms,
  createLaneTransforms,
  idealMicrovoltsPerDivision,
  visibleLanes,
  type LaneDisplaySettings,
  type ScaleChoice,
  type VisibleLane,
} from './eegLaneLayout';
import { LANE_NAME_AXIS_PX, PLOT_RIGHT_PADDING_PX } from './eegGeometry';
import { LaneBuffer } from './laneBuffer';
import { packColor, rasterizeLane } from './laneRaster';
import { LaneStatistics } from './laneStatistics';
import { seriesLabel } from './seriesLabel';
import { timeAxisValues } from './timeTicks';
import type { PlotMetrics } from './plotMetrics';

const TRACE_PIXEL = packColor('#1d2733');
const LANE_LINE_COLOR = '#e3e7ed';
const AXIS_COLOR = '#525d6b';
const EMPTY_LANE_TEXT_COLOR = '#8a4b00';
export const NO_FINITE_VALUES_TEXT = 'no finite values (NaN or Infinity)';
/** Below this many CSS pixels per lane, every other lane name is left out so names never overlap. */
const MIN_NAME_SPACING_PX = 11;
/** Until the first auto choice exists. */
const FALLBACK_MICROVOLTS_PER_DIVISION = 50;

export interface EegChartOptions {
  width: number;
  height: number;
  metrics: PlotMetrics;
  /** A drag over the plot chose this time range (epoch seconds). */
  onSelectTimeRange(fromSeconds: number, toSeconds: number): void;
}

export class EegChart {
  readonly statistics = new LaneStatistics();
  private readonly plot: uPlot;
  private frame: PlotFrame | null = null;
  private names: readonly string[] = [];
  private lanes: VisibleLane[] = [];
  private settings: LaneDisplaySettings = { order: [], lanes: {} };
  private scaleChoice: ScaleChoice = 'auto';
  private readonly autoHold = new AutoScaleHold();
  private autoMicrovoltsPerDivision: number | null = null;
  private readonly transforms = createLaneTransforms();
  private xRange: [number, number] | null = null;
  private xPixels = new Int32Array(0);
  private readonly laneBuffer = new LaneBuffer();
  /** performance.now() of the last setData, NaN once its draw was measured. */
  private setDataStartedMs = Number.NaN;
  /** The publish time of the frame being drawn, for publish-to-pixel. */
  private pendingPublishedAt: number | null = null;

  constructor(
    container: HTMLElement,
    private readonly options: EegChartOptions,
  ) {
    const plotOptions: uPlot.Options = {
      width: options.width,
      height: options.height,
      legend: { show: false },
      padding: [8, PLOT_RIGHT_PADDING_PX, 0, 0],
      cursor: {
        points: { show: false },
        drag: { x: true, y: false, setScale: false },
        focus: { prox: -1 },
      },
      scales: {
        x: { time: true, auto: true, range: (_plot, dataMin, dataMax) => this.xRange ?? [dataMin, dataMax] },
        y: { auto: false, range: () => [0, Math.max(1, this.lanes.length)] },
      },
      axes: [
        {
          stroke: AXIS_COLOR,
          grid: { stroke: LANE_LINE_COLOR, width: 1 },
          ticks: { show: false },
          // Room for "10:41:02.5": uPlot spaces ticks by this, not by the labels it is given.
          space: 90,
          values: timeAxisValues(PLOT_RIGHT_PADDING_PX),
        },
        {
          stroke: AXIS_COLOR,
          size: LANE_NAME_AXIS_PX,
          gap: 6,
          font: '11px system-ui, sans-serif',
          grid: { stroke: LANE_LINE_COLOR, width: 1 },
          ticks: { show: false },
          splits: () => this.laneCentres(),
          values: () => this.laneNames(),
        },
      ],
      series: [
        {},
        {
          label: 'Lanes',
          points: { show: false },
          // uPlot draws no path; drawLanes rasterizes every lane after the grid (hooks.drawSeries).
          paths: () => null,
        },
      ],
      hooks: {
        drawSeries: [
          (plot, seriesIndex) => {
            if (seriesIndex === 1) this.drawLanes(plot);
          },
        ],
        draw: [() => this.afterDraw()],
        setSelect: [(plot) => this.onSelect(plot)],
      },
    };
    this.plot = new uPlot(plotOptions, [[], []], container);
  }

  /** The µV/div in use when the scale is auto (null until data arrived). */
  get autoScale(): number | null {
    return this.autoMicrovoltsPerDivision;
  }

  /** Width of the plot area in device pixels: the bus decimates to this. */
  get plotWidthDevicePixels(): number {
    return Math.round(this.plot.bbox.width);
  }

  /** The canvas, for screenshots and PNG export. */
  get canvas(): HTMLCanvasElement {
    return this.plot.ctx.canvas;
  }

  /** Draws `frame` over [xRange] (epoch seconds). Call at most once per animation frame. */
  show(frame: PlotFrame, xRange: [number, number], isLive: boolean): void {
    const startedMs = performance.now();
    this.frame = frame;
    if (frame.seriesNames !== this.names && !sameNames(frame.seriesNames, this.names)) {
      this.names = frame.seriesNames;
      this.relayout();
    }
    this.statistics.measure(frame.ys);
    if (this.scaleChoice === 'auto') {
      this.autoMicrovoltsPerDivision = this.autoHold.update(idealMicrovoltsPerDivision(this.lanes, this.statistics));
    }
    this.xRange = xRange;
    this.pendingPublishedAt = isLive ? frame.newestPublishedAt : null;
    if (isLive) this.options.metrics.busBuildMs.add(frame.buildMs);
    this.setDataStartedMs = performance.now();
    this.plot.setData([frame.x, frame.x]);
    this.options.metrics.buildMs.add(performance.now() - startedMs);
  }

  setDisplay(settings: LaneDisplaySettings, scaleChoice: ScaleChoice): void {
    this.settings = settings;
    this.scaleChoice = scaleChoice;
    this.relayout();
    this.plot.redraw(true, true);
  }

  setSize(width: number, height: number): void {
    this.plot.setSize({ width, height });
  }

  clearSelection(): void {
    this.plot.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
  }

  destroy(): void {
    this.plot.destroy();
  }

  private relayout(): void {
    const previousCount = this.lanes.length;
    this.lanes = visibleLanes(this.names, this.settings);
    if (this.lanes.length !== previousCount) this.plot.setScale('y', { min: 0, max: Math.max(1, this.lanes.length) });
  }

  private laneCentres(): number[] {
    const count = this.lanes.length;
    return this.lanes.map((_, slot) => count - slot - 0.5);
  }

  private laneNames(): string[] {
    const heightCssPx = this.plot.bbox.height / devicePixelRatio;
    const step = this.lanes.length > 0 && heightCssPx / this.lanes.length < MIN_NAME_SPACING_PX ? 2 : 1;
    return this.lanes.map((lane, slot) => (slot % step === 0 ? seriesLabel(lane.name) : ''));
  }

  /** Rasterizes every shown lane into the lane buffer and copies it onto the plot area, over the grid. */
  private drawLanes(plot: uPlot): void {
    const frame = this.frame;
    const xMin = plot.scales.x?.min;
    const xMax = plot.scales.x?.max;
    if (frame === null || xMin === undefined || xMax === undefined || xMax <= xMin) return;
    const left = Math.round(plot.bbox.left);
    const top = Math.round(plot.bbox.top);
    const width = Math.round(plot.bbox.width);
    const height = Math.round(plot.bbox.height);
    if (width <= 0 || height <= 0) return;
    const buffer = this.laneBuffer.prepare(width, height);
    const scale = this.scaleChoice === 'auto' ? (this.autoMicrovoltsPerDivision ?? FALLBACK_MICROVOLTS_PER_DIVISION) : this.scaleChoice;
    const transforms = computeLaneTransforms(this.lanes, this.statistics, this.settings, scale, 0, height, this.transforms);

    const xs = frame.x;
    const length = xs.length;
    if (this.xPixels.length < length) this.xPixels = new Int32Array(Math.max(length, this.xPixels.length * 2));
    const xPixels = this.xPixels;
    const pxPerSecond = width / (xMax - xMin);
    for (let index = 0; index < length; index++) xPixels[index] = Math.round((xs[index]! - xMin) * pxPerSecond);

    const input = { width, height, xPixels, length, color: TRACE_PIXEL };
    const laneHeightPx = transforms.count > 0 ? height / transforms.count : 0;
    const emptyLaneCentres: number[] = [];
    for (let slot = 0; slot < transforms.count; slot++) {
      const seriesIndex = this.lanes[slot]!.seriesIndex;
      const values = frame.ys[seriesIndex];
      if (values === undefined) continue;
      const centre = transforms.centerPx[slot]!;
      if (length > 0 && seriesIndex < this.statistics.seriesCount && this.statistics.count[seriesIndex] === 0) emptyLaneCentres.push(centre);
      const bandTop = Math.round(centre - laneHeightPx / 2);
      const bandBottom = Math.round(centre + laneHeightPx / 2) - 1;
      rasterizeLane(buffer.pixels, input, values, centre, transforms.offset[slot]!, transforms.pxPerMicrovolt[slot]!, bandTop, bandBottom);
    }
    plot.ctx.drawImage(buffer.commit(), left, top);
    this.labelEmptyLanes(plot, left, top, emptyLaneCentres);
  }

  /** A lane whose window holds no finite value says so where its trace would be, instead of staying blank. */
  private labelEmptyLanes(plot: uPlot, left: number, top: number, centres: readonly number[]): void {
    if (centres.length === 0) return;
    const context = plot.ctx;
    context.save();
    context.fillStyle = EMPTY_LANE_TEXT_COLOR;
    context.font = `italic ${11 * devicePixelRatio}px system-ui, sans-serif`;
    context.textBaseline = 'middle';
    context.textAlign = 'left';
    for (const centre of centres) context.fillText(NO_FINITE_VALUES_TEXT, left + 8 * devicePixelRatio, top + centre);
    context.restore();
  }

  private afterDraw(): void {
    const endedMs = performance.now();
    // Resizes and display changes redraw too; only a frame's setData is timed.
    if (Number.isNaN(this.setDataStartedMs)) return;
    this.options.metrics.drawMs.add(endedMs - this.setDataStartedMs);
    this.setDataStartedMs = Number.NaN;
    if (this.pendingPublishedAt !== null) {
      this.options.metrics.publishToPixelMs.add(Date.now() - this.pendingPublishedAt);
      this.pendingPublishedAt = null;
    }
  }

  private onSelect(plot: uPlot): void {
    const { left, width } = plot.select;
    if (width < 4) return;
    const fromSeconds = plot.posToVal(left, 'x');
    const toSeconds = plot.posToVal(left + width, 'x');
    this.clearSelection();
    if (toSeconds > fromSeconds) this.options.onSelectTimeRange(fromSeconds, toSeconds);
  }
}

function sameNames(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let index = 0; index < a.length; index++) if (a[index] !== b[index]) return false;
  return true;
}
