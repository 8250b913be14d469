/**
 * Keeps a TelemetryDisplay for a plot: created once the container has a
 * size, fed with the plot's frames, shown a history range while
 * `frozenRange` is set. The summary for the legend and status line is the
 * drawn picture's, handed over as drawnSummary.ts says: at once when a
 * draw changes what it says, otherwise twice a second.
 */
import { useEffect, useRef, useState, type RefObject } from 'react';
import { useLabwireApi } from '../../transport/transportContext';
import { PlotMetrics, registerPlotMetrics } from './plotMetrics';
import { TelemetryDisplay } from './TelemetryDisplay';
import { useDrawnSummary } from './useDrawnSummary';
import { SUMMARY_INTERVAL_MS, telemetrySayingOf, type TelemetrySummary } from './telemetrySummary';
import { usePlotFrames } from './useBusPlot';
import type { ElementSize } from './useElementSize';

export type { TelemetrySummary } from './telemetrySummary';

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
  const { summary, publisher } = useDrawnSummary<TelemetrySummary>(telemetrySayingOf, SUMMARY_INTERVAL_MS, () => displayRef.current?.summarize(Date.now() / 1000) ?? null);
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
    if (displayRef.current === null) {
      const display = new TelemetryDisplay(container, size.width, size.height, metrics, isCompact, latestSettings.current);
      displayRef.current = display;
      display.onDidDrawPicture(() => {
        const drawn = display.summarize(Date.now() / 1000);
        if (drawn) publisher.didDraw(drawn);
      });
    } else displayRef.current.setSize(size.width, size.height);
  }, [containerRef, size, metrics, isCompact, publisher]);

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

  return { summary, canvas: () => displayRef.current?.chart.canvas ?? null, rangeProblem };
}

