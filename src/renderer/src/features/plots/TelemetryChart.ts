/**
 * A telemetry chart: several series over time, each in its own colour, one
 * y axis per unit (°C and ppm do not share a scale), alternating left and
 * right. The instance is rebuilt only when the series change; a frame
 * calls setData.
 */
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { PlotFrame } from '../../../../shared/plots';
import { LANE_NAME_AXIS_PX, PLOT_RIGHT_PADDING_PX } from './eegGeometry';
import { formatAxisTicks } from './formatPlotValue';
import type { PlotMetrics } from './plotMetrics';
import { seriesLabel } from './seriesLabel';
import { seriesColor, seriesUnit, telemetryColumns } from './telemetrySeries';
import { timeAxisValues } from './timeTicks';

const AXIS_COLOR = '#525d6b';
/** Points further apart than this (on average) get a marker each: a device that reports rarely shows dots, not an empty chart. */
const SPARSE_POINT_SPACING_PX = 12;
const MARKER_SIZE_PX = 7;
const GRID_COLOR = '#eef1f5';

export interface TelemetryChartOptions {
  width: number;
  height: number;
  metrics: PlotMetrics;
  /** One left axis of LANE_NAME_AXIS_PX and no axis labels (the predictions strip under an EEG montage). */
  isCompact?: boolean;
}

export class TelemetryChart {
  private plot: uPlot | null = null;
  private seriesKey = '';
  private xRange: [number, number] | null = null;
  private width: number;
  private height: number;

  constructor(
    private readonly container: HTMLElement,
    private readonly options: TelemetryChartOptions,
  ) {
    this.width = options.width;
    this.height = options.height;
  }

  get canvas(): HTMLCanvasElement | null {
    return this.plot?.ctx.canvas ?? null;
  }

  /** Draws the frame over [xRange] (epoch seconds), leaving out samples before `clearedAtSeconds`. */
  show(frame: PlotFrame, xRange: [number, number], clearedAtSeconds: number | null): void {
    const startedMs = performance.now();
    const columns = telemetryColumns(frame.x, frame.ys, clearedAtSeconds);
    const data: uPlot.AlignedData = [columns.x, ...columns.ys];
    this.xRange = xRange;
    const key = frame.seriesNames.join('\u0000');
    if (this.plot === null || key !== this.seriesKey) {
      this.plot?.destroy();
      this.seriesKey = key;
      this.plot = this.create(frame.seriesNames, data);
    } else {
      this.plot.setData(data);
    }
    this.options.metrics.buildMs.add(performance.now() - startedMs);
  }

  setSize(width: number, height: number): void {
    this.width = width;
    this.height = height;
    this.plot?.setSize({ width, height });
  }

  destroy(): void {
    this.plot?.destroy();
    this.plot = null;
  }

  private create(names: readonly string[], data: uPlot.AlignedData): uPlot {
    const isCompact = this.options.isCompact === true;
    const units = [...new Set(names.map(seriesUnit))];
    const axes: uPlot.Axis[] = [
      {
        stroke: AXIS_COLOR,
        grid: { stroke: GRID_COLOR },
        ticks: { show: false },
        space: 90,
        values: timeAxisValues(PLOT_RIGHT_PADDING_PX),
      },
    ];
    units.forEach((unit, index) => {
      const firstSeries = names.findIndex((name) => seriesUnit(name) === unit);
      const isLeft = index % 2 === 0;
      axes.push({
        scale: scaleKey(unit),
        side: isLeft ? 3 : 1,
        stroke: units.length > 1 ? seriesColor(firstSeries) : AXIS_COLOR,
        grid: { show: index === 0, stroke: GRID_COLOR },
        ticks: { show: false },
        size: isCompact ? LANE_NAME_AXIS_PX : 56,
        values: (_plot, splits, _axis, _space, increment) => formatAxisTicks(splits, increment),
        ...(isCompact || unit === '' ? {} : { label: unit, labelSize: 16 }),
      });
    });
    const options: uPlot.Options = {
      width: this.width,
      height: this.height,
      legend: { show: false },
      padding: [8, PLOT_RIGHT_PADDING_PX, 0, 0],
      cursor: { points: { show: false }, drag: { x: false, y: false } },
      scales: {
        x: { time: true, auto: true, range: (_plot, dataMin, dataMax) => this.xRange ?? [dataMin, dataMax] },
        ...Object.fromEntries(units.map((unit) => [scaleKey(unit), { auto: true }])),
      },
      axes,
      series: [
        {},
        ...names.map(
          (name, index): uPlot.Series => ({
            label: seriesLabel(name),
            scale: scaleKey(seriesUnit(name)),
            stroke: seriesColor(index),
            width: 1.5,
            spanGaps: false,
            points: { show: isSparse, size: MARKER_SIZE_PX, width: 1.5, fill: seriesColor(index) },
          }),
        ),
      ],
    };
    return new uPlot(options, data, this.container);
  }
}

/** True when the points on screen are few for the width: a line alone would hide a single sample. */
function isSparse(plot: uPlot, _seriesIndex: number, firstShown: number, lastShown: number): boolean {
  const shown = lastShown - firstShown + 1;
  return shown * SPARSE_POINT_SPACING_PX <= plot.bbox.width / devicePixelRatio;
}

function scaleKey(unit: string): string {
  return `unit:${unit}`;
}
