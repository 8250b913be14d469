import { useMemo, useRef } from 'react';
import type { PlotSpec } from '../../../../shared/plots';
import { formatPlotValue } from './formatPlotValue';
import { seriesLabel } from './seriesLabel';
import { seriesColor } from './telemetrySeries';
import { useBusPlot } from './useBusPlot';
import { useElementSize } from './useElementSize';
import { useTelemetryChart } from './useTelemetryChart';
import { isWaitingForSamples } from './drawnSummary';

export const PREDICTION_FIELD_PATHS = ['data.workload', 'data.valence', 'data.arousal', 'confidence'];
/** The bus keeps telemetry windows of at least this long. */
const MIN_TELEMETRY_WINDOW_SECONDS = 10;

interface PredictionsStripProps {
  profileId: string;
  /** Its bus plot's key (busPlotHandles.ts). */
  viewKey: string;
  /** user:{id}:predictions */
  channel: string;
  windowSeconds: number;
  /** The montage's time range, so both share one time axis. */
  alignLiveRange(): [number, number] | null;
  /** While the montage is frozen: the same stretch of history. */
  frozenRange: { fromMs: number; toMs: number; pixelWidth: number } | null;
}

/** Workload, valence, arousal and confidence of one user, under that user's EEG. */
export function PredictionsStrip({ profileId, viewKey, channel, windowSeconds, alignLiveRange, frozenRange }: PredictionsStripProps) {
  const containerRef = useRef<HTMLDivElement>(null);
  const size = useElementSize(containerRef);
  const busWindowSeconds = Math.max(MIN_TELEMETRY_WINDOW_SECONDS, windowSeconds);
  const pixelWidth = Math.round((size?.width ?? 800) * devicePixelRatio);
  const spec = useMemo<PlotSpec>(
    () => ({ kind: 'telemetry', target: { kind: 'channel', name: channel }, fieldPaths: PREDICTION_FIELD_PATHS, match: null, timeSource: 'message', windowSeconds: busWindowSeconds, pixelWidth }),
    [channel, busWindowSeconds, pixelWidth],
  );
  const { plot } = useBusPlot(profileId, viewKey, spec);
  const plotId = plot.state === 'open' ? plot.info.plotId : null;
  const { summary } = useTelemetryChart({
    containerRef,
    size,
    plotId,
    channel,
    windowSeconds: busWindowSeconds,
    isPaused: false,
    clearedAtSeconds: null,
    isCompact: true,
    frozenRange,
    alignLiveRange,
  });
  const hasData = !isWaitingForSamples(summary);

  return (
    <section className="predictions-strip" aria-label={`Predictions on ${channel}`}>
      <div className="predictions-header">
        <h4>Predictions</h4>
        <ul className="telemetry-legend compact" aria-label="Prediction values">
          {PREDICTION_FIELD_PATHS.map((path, index) => {
            const value = summary?.lastValues[summary.seriesNames.indexOf(path)] ?? null;
            return (
              <li key={path}>
                <span className="legend-swatch" style={{ background: seriesColor(index) }} aria-hidden="true" />
                <span className="legend-name">{seriesLabel(path)}</span>{' '}
                <span className="legend-value">{value === null ? '–' : formatPlotValue(value)}</span>
              </li>
            );
          })}
        </ul>
      </div>
      <div className="predictions-chart-frame">
        <div className="predictions-chart" ref={containerRef} />
        {!hasData && (
          <p className="muted plot-placeholder">
            {plot.state === 'failed' ? plot.message : `No predictions received on ${channel} yet.`}
          </p>
        )}
      </div>
    </section>
  );
}
