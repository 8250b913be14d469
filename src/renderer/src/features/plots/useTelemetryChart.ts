/**
 * Keeps a TelemetryDisplay for a plot: created once the container has a
 * size, fed with the plot's frames, shown a history range while
 * `frozenRange` is set. A summary for the legend and status line is
 * published twice a second, not per frame.
 */
import { useEffect, useRef, useState, type RefObject } from 'react';
import type { PlotFrame, PlotStreamStats } from '../../../../shared/plots';
import { useLabwireApi } from '../../transport/transportContext';
import { PlotMetrics, registerPlotMetrics } from './plotMetrics';
import { TelemetryDisplay } from './TelemetryDisplay';
import { lastValues } from './telemetrySeries';
import { usePlotFrames } from './useBusPlot';
import type { ElementSize } from './useElementSize';

const SUMMARY_INTERVAL_MS = 500;

export interface TelemetrySummary {
  stats: PlotStreamStats;
  seriesNames: string[];
  /** Newest value per series on screen, null where none. */
  lastValues: (number | null)[];
  /** Seconds since the newest sample on screen with a value (as of this summary), null when none. */
  lastSampleAgeSeconds: number | null;
  /** Oldest and newest sample times on screen with a value (epoch seconds), null when none. */
  oldestSampleSeconds: number | null;
  newestSampleSeconds: number | null;
  isDecimated: boolean;
}

export interface TelemetryChartArguments {
  containerRef: RefObject<HTMLElement | null>;
  size: ElementSize | null;
  plotId: string | null;
  channel: string;
  windowSeconds: number;
  isPaused: boolean;
  clearedAtSeconds: number | null;
  isCompact?: boolean;
  /** Show this stretch of the history instead of live data (epoch ms). */
  frozenRange?: { fromMs: number; toMs: number; pixelWidth: number } | null;
  alignLiveRange?: () => [number, number] | null;
}

export interface TelemetryChartHandle {
  summary: TelemetrySummary | null;
  /** The plot canvas, for PNG export. */
  canvas(): HTMLCanvasElement | null;
  rangeProblem: string | null;
}

export function useTelemetryChart(args: TelemetryChartArguments): TelemetryChartHandle {
  const api = useLabwireApi();
  const { containerRef, size, plotId, channel, windowSeconds, isPaused, clearedAtSeconds, alignLiveRange } = args;
  const isCompact = args.isCompact === true;
  const frozenRange = args.frozenRange ?? null;
  const displayRef = useRef<TelemetryDisplay | null>(null);
  const [metrics] = useState(() => new PlotMetrics('telemetry', channel));
  const [summary, setSummary] = useState<TelemetrySummary | null>(null);
  const [rangeProblem, setRangeProblem] = useState<string | null>(null);
  const settings = { windowSeconds, isPaused, clearedAtSeconds, isShowingRange: frozenRange !== null, alignLiveRange };
  const latestSettings = useRef(settings);

  useEffect(() => {
    latestSettings.current = settings;
    displayRef.current?.configure(settings);
  });

  useEffect(() => registerPlotMetrics(metrics, plotId ?? ''), [metrics, plotId]);

  useEffect(() => {
    const container = containerRef.current;
    if (!container || size === null) return;
    if (displayRef.current === null) displayRef.current = new TelemetryDisplay(container, size.width, size.height, metrics, isCompact, latestSettings.current);
    else displayRef.current.setSize(size.width, size.height);
  }, [containerRef, size, metrics, isCompact]);

  useEffect(
    () => () => {
      displayRef.current?.destroy();
      displayRef.current = null;
    },
    [],
  );

  usePlotFrames(plotId, (frame) => displayRef.current?.receive(frame));

  const frozenFromMs = frozenRange?.fromMs ?? null;
  const frozenToMs = frozenRange?.toMs ?? null;
  const frozenPixelWidth = frozenRange?.pixelWidth ?? null;
  useEffect(() => {
    if (frozenFromMs === null || frozenToMs === null || frozenPixelWidth === null || plotId === null) return;
    let isCurrent = true;
    void api.request('plots:range', { plotId, fromMs: frozenFromMs, toMs: frozenToMs, pixelWidth: frozenPixelWidth }).then((result) => {
      if (!isCurrent) return;
      setRangeProblem(result.ok ? null : result.error.message);
      if (result.ok) displayRef.current?.showRange(result.value, frozenFromMs / 1000, frozenToMs / 1000);
    });
    return () => {
      isCurrent = false;
    };
  }, [api, plotId, frozenFromMs, frozenToMs, frozenPixelWidth]);

  useEffect(() => {
    const timer = setInterval(() => {
      const display = displayRef.current;
      const newest = display?.latestLive;
      if (!display || !newest) return;
      const shown = display.shown;
      const columns = shown ? visibleColumns(shown, latestSettings.current.clearedAtSeconds) : [];
      const newestSeconds = shown ? newestSampleTime(shown.x, columns) : null;
      setSummary({
        stats: newest.stats,
        seriesNames: shown?.seriesNames ?? newest.seriesNames,
        lastValues: lastValues(columns),
        lastSampleAgeSeconds: ageOf(newestSeconds),
        oldestSampleSeconds: shown ? oldestSampleTime(shown.x, columns) : null,
        newestSampleSeconds: newestSeconds,
        isDecimated: shown?.isDecimated ?? false,
      });
    }, SUMMARY_INTERVAL_MS);
    return () => clearInterval(timer);
  }, []);

  return { summary, canvas: () => displayRef.current?.chart.canvas ?? null, rangeProblem };
}

/** The columns from the clear time on (a cleared chart's legend shows no older values). */
function visibleColumns(frame: PlotFrame, clearedAtSeconds: number | null): Float32Array[] {
  if (clearedAtSeconds === null) return frame.ys;
  let start = 0;
  while (start < frame.x.length && frame.x[start]! < clearedAtSeconds) start++;
  return frame.ys.map((column) => column.subarray(start));
}

/** The time of the newest step where some series has a value (columns are the tail of x, after a clear). */
function newestSampleTime(x: Float64Array, columns: readonly Float32Array[]): number | null {
  const length = columns[0]?.length ?? 0;
  const offset = x.length - length;
  for (let index = length - 1; index >= 0; index--) {
    if (columns.some((column) => !Number.isNaN(column[index]!))) return x[offset + index]!;
  }
  return null;
}

/** The time of the oldest step where some series has a value (columns are the tail of x, after a clear). */
function oldestSampleTime(x: Float64Array, columns: readonly Float32Array[]): number | null {
  const length = columns[0]?.length ?? 0;
  const offset = x.length - length;
  for (let index = 0; index < length; index++) {
    if (columns.some((column) => !Number.isNaN(column[index]!))) return x[offset + index]!;
  }
  return null;
}

function ageOf(epochSeconds: number | null): number | null {
  return epochSeconds === null ? null : Date.now() / 1000 - epochSeconds;
}
