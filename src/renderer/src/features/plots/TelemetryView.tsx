import { useMemo, useRef, useState } from 'react';
import { laneTargetName, type LaneTarget } from '../../../../shared/liveChannels';
import type { PlotSpec, SampleTimeSource } from '../../../../shared/plots';
import { Notice } from '../../components/Notice';
import { exportChartPng, pngFileName } from './exportChartPng';
import { formatAge, formatPlotValue, formatRate, formatWindow } from './formatPlotValue';
import { historyStartNote } from './historyStartWords';
import { PlotSelect, type PlotSelectOption } from './PlotSelect';
import { seriesLabel } from './seriesLabel';
import { seriesColor, seriesUnit } from './telemetrySeries';
import { DEFAULT_CHART_SETTINGS } from './plotSetupStore';
import { usePlotSetup } from './plotStore';
import { useBusPlot } from './useBusPlot';
import { useElementSize } from './useElementSize';
import { useTelemetryChart } from './useTelemetryChart';
import { isWaitingForSamples } from './drawnSummary';
import { countWords, formatCount } from '../../../../shared/countWords';

export const TELEMETRY_WINDOW_CHOICES = [10, 60, 300, 900, 3600, 6 * 3600, 24 * 3600] as const;
const WINDOW_OPTIONS: readonly PlotSelectOption<number>[] = TELEMETRY_WINDOW_CHOICES.map((seconds) => ({ value: seconds, label: formatWindow(seconds) }));
const TIME_SOURCE_OPTIONS: readonly PlotSelectOption<SampleTimeSource>[] = [
  { value: 'message', label: 'Message timestamps' },
  { value: 'receive', label: 'Receive time' },
];

export interface TelemetryChartDefinition {
  /** Stable, for React keys and test ids. */
  key: string;
  title: string;
  /** A channel, or a stream whose entries' fields are charted (stored charts from before streams name a channel: plotSetupStore reads them as one). */
  target: LaneTarget;
  fieldPaths: string[];
  match: { path: string; equals: string } | null;
}

/** The key of a telemetry chart's bus plot. */
export function chartViewKey(chartKey: string): string {
  return `chart:${chartKey}`;
}

interface TelemetryViewProps {
  profileId: string;
  chart: TelemetryChartDefinition;
  onRemove?: () => void;
}

/** Several series of one channel on a time axis, with a legend of last values, pause, clear and PNG export. */
export function TelemetryView({ profileId, chart, onRemove }: TelemetryViewProps) {
  const { setup, store } = usePlotSetup(profileId);
  const { windowSeconds, timeSource } = setup.chartSettings[chart.key] ?? DEFAULT_CHART_SETTINGS;
  const targetName = laneTargetName(chart.target);
  const setWindowSeconds = (seconds: number): void => store.changeChartSettings(profileId, chart.key, { windowSeconds: seconds });
  const setTimeSource = (source: SampleTimeSource): void => store.changeChartSettings(profileId, chart.key, { timeSource: source });
  const [isPaused, setIsPaused] = useState(false);
  const [clearedAtSeconds, setClearedAtSeconds] = useState<number | null>(null);
  const [exportProblem, setExportProblem] = useState<string | null>(null);
  const containerRef = useRef<HTMLDivElement>(null);
  const size = useElementSize(containerRef);
  const pixelWidth = Math.round((size?.width ?? 800) * devicePixelRatio);

  const spec = useMemo<PlotSpec>(
    () => ({ kind: 'telemetry', target: chart.target, fieldPaths: chart.fieldPaths, match: chart.match, timeSource, windowSeconds, pixelWidth }),
    [chart.target, chart.fieldPaths, chart.match, timeSource, windowSeconds, pixelWidth],
  );
  const { plot, updateProblem } = useBusPlot(profileId, chartViewKey(chart.key), spec);
  const plotId = plot.state === 'open' ? plot.info.plotId : null;
  const { summary, canvas: chartCanvas, rangeProblem } = useTelemetryChart({ containerRef, size, plotId, channel: targetName, windowSeconds, isPaused, clearedAtSeconds });

  const names = summary?.seriesNames.length ? summary.seriesNames : chart.fieldPaths;
  const legend = names.map((name, index) => {
    const value = summary?.lastValues[index] ?? null;
    const unit = seriesUnit(name);
    return { name, label: seriesLabel(name), color: seriesColor(index), text: value === null ? '–' : `${formatPlotValue(value)}${unit ? ` ${unit}` : ''}` };
  });
  const stats = summary?.stats;
  // Live and never cleared: an empty left part of the window is explained (a cleared chart says so by its button).
  const historyNote =
    !isPaused && clearedAtSeconds === null && summary ? historyStartNote(summary.oldestSampleSeconds, summary.newestSampleSeconds, windowSeconds) : null;

  const onExport = async (): Promise<void> => {
    const canvas = chartCanvas();
    if (!canvas) {
      setExportProblem('There is nothing drawn yet to export.');
      return;
    }
    const isSaved = await exportChartPng(canvas, chart.title, legend.map((entry) => ({ text: `${entry.label} ${entry.text}`, color: entry.color })), pngFileName(chart.title));
    setExportProblem(isSaved ? null : 'This browser could not turn the chart into a PNG file.');
  };

  return (
    <section className="card plot-card telemetry-card" aria-label={chart.title} data-testid={`telemetry-${chart.key}`}>
      <header className="plot-card-header">
        <div className="plot-title">
          <h3>{chart.title}</h3>
          <code className="muted">
            {chart.target.kind === 'stream' ? `stream ${targetName}` : targetName}
            {chart.match ? ` · ${chart.match.path} = ${chart.match.equals}` : ''}
          </code>
        </div>
        <div className="plot-toolbar">
          <PlotSelect label="Window" value={windowSeconds} options={WINDOW_OPTIONS} onChange={(seconds) => setWindowSeconds(seconds)} />
          <PlotSelect label="Sample time from" value={timeSource} options={TIME_SOURCE_OPTIONS} onChange={(source) => setTimeSource(source)} />
          <button type="button" className="small" aria-pressed={isPaused} onClick={() => setIsPaused(!isPaused)}>
            {isPaused ? 'Resume' : 'Pause'}
          </button>
          <button type="button" className="small" onClick={() => setClearedAtSeconds(Date.now() / 1000)}>
            Clear
          </button>
          <button type="button" className="small" onClick={() => void onExport()}>
            Export PNG
          </button>
          {onRemove && (
            <button type="button" className="small" onClick={onRemove}>
              Remove chart
            </button>
          )}
        </div>
      </header>
      {plot.state === 'failed' && <Notice tone="error">{plot.message}</Notice>}
      {(updateProblem ?? rangeProblem ?? exportProblem) && <Notice tone="warning">{updateProblem ?? rangeProblem ?? exportProblem}</Notice>}
      <ul className="telemetry-legend" aria-label="Series">
        {legend.map((entry) => (
          <li key={entry.name} title={entry.name}>
            <span className="legend-swatch" style={{ background: entry.color }} aria-hidden="true" />
            <span className="legend-name">{entry.label}</span>{' '}
            <span className="legend-value">{entry.text}</span>
          </li>
        ))}
      </ul>
      <div className="telemetry-chart-frame">
        <div className="telemetry-chart" ref={containerRef} />
        {isWaitingForSamples(summary) && plot.state !== 'failed' && (
          <p className="muted plot-placeholder">Waiting for {chart.target.kind === 'stream' ? 'entries' : 'messages'} on {targetName}…</p>
        )}
      </div>
      <p className="plot-status muted">
        {isPaused && <span className="plot-badge badge-frozen">Paused — data keeps arriving</span>}
        <span>{timeSource === 'message' ? 'Time from message timestamps' : 'Time from receive time'}</span>
        {stats && (
          <>
            <span>
              <span data-testid="telemetry-samples">{formatCount(stats.samples)}</span> {stats.samples === 1 ? 'sample' : 'samples'}
            </span>
            <span data-testid="telemetry-rate">{stats.actualRateHz === null ? 'measuring rate…' : `${formatRate(stats.actualRateHz)} now`}</span>
            {summary?.lastSampleAgeSeconds != null && <span data-testid="telemetry-last-sample">Last sample {formatAge(summary.lastSampleAgeSeconds)}</span>}
            {stats.gaps > 0 && <span className="status-warning">{countWords(stats.gaps, 'gap')}</span>}
            {stats.late > 0 && <span className="status-warning">{`${formatCount(stats.late)} late`}</span>}
          </>
        )}
        {historyNote !== null && <span data-testid="telemetry-history-start">{historyNote}</span>}
      </p>
    </section>
  );
}
