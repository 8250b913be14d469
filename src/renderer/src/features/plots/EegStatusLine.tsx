import type { SampleTimeSource } from '../../../../shared/plots';
import type { EegSummary } from './eegSummary';
import { describeGaps, type DemoSkips } from './eegGapWords';
import { formatRate } from './formatPlotValue';
import { countWords, formatCount } from '../../../../shared/countWords';

interface EegStatusLineProps {
  summary: EegSummary | null;
  timeSource: SampleTimeSource;
  isFrozen: boolean;
  /** Messages the demo skipped when it fell behind, when the demo publishes this stream; null otherwise. */
  demoSkipped: DemoSkips | null;
}

/** Where sample times come from, and how healthy the stream is. */
export function EegStatusLine({ summary, timeSource, isFrozen, demoSkipped }: EegStatusLineProps) {
  const stats = summary?.stats;
  const gapWords = stats ? describeGaps(stats, timeSource, demoSkipped) : null;
  return (
    <p className="plot-status" data-testid="eeg-status">
      <span data-testid="eeg-time-source">{timeSource === 'message' ? 'Time from message timestamps' : 'Time from receive time'}</span>
      {stats && (
        <>
          <span>Nominal {stats.nominalRateHz === null ? 'not known yet' : formatRate(stats.nominalRateHz)}</span>
          <span>
            Actual <span data-testid="eeg-actual-rate">{stats.actualRateHz === null ? 'measuring…' : formatRate(stats.actualRateHz)}</span>
          </span>
          <span className={stats.gaps > 0 ? 'status-warning' : undefined} title={gapWords?.title} data-testid="eeg-gaps">
            {countWords(stats.gaps, 'gap')}
          </span>
          <span className={stats.late > 0 ? 'status-warning' : undefined}>{formatCount(stats.late)} late</span>
          <span>
            <span data-testid="eeg-samples">{formatCount(stats.samples)}</span> samples received
          </span>
          {!isFrozen && summary && summary.drawnPerSecond !== null && <span className="muted">Drawing {Math.round(summary.drawnPerSecond)} fps</span>}
          {gapWords?.demoNote && (
            <span className="muted" data-testid="eeg-gaps-demo">
              {gapWords.demoNote}
            </span>
          )}
        </>
      )}
    </p>
  );
}
